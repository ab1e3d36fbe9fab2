using Microsoft.Extensions.Logging;

namespace Fulfillment.Workflows.Runtime;

/// <summary>
/// In-process publish/subscribe for live views (e.g. the Studio's inbox and instance pages): whoever
/// changed something publishes after it is committed; subscribers hear it until they dispose their
/// subscription. Nothing crosses processes: a view on another node hears nothing.
/// </summary>
public class ChangeFeed<TChange>(ILogger logger)
{
    private readonly Lock _gate = new();
    private Action<TChange>[] _subscribers = [];

    /// <summary>
    /// Calls <paramref name="onChanged"/> with every change until the returned handle is disposed. It
    /// runs on the thread that published, so it must return at once: a Blazor component hands the work
    /// to its own dispatcher (<c>InvokeAsync</c>).
    /// </summary>
    public IDisposable Subscribe(Action<TChange> onChanged)
    {
        ArgumentNullException.ThrowIfNull(onChanged);
        lock (_gate)
        {
            _subscribers = [.. _subscribers, onChanged];
        }

        return new Subscription(this, onChanged);
    }

    public void Publish(TChange change)
    {
        // A copy-on-write array: publishing never holds the lock while subscribers run.
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            try
            {
                subscriber(change);
            }
            catch (Exception ex)
            {
                // One broken view must not stop the others, nor fail the operation that made the change.
                logger.LogError(ex, "A {Change} subscriber failed", typeof(TChange).Name);
            }
        }
    }

    private void Unsubscribe(Action<TChange> onChanged)
    {
        lock (_gate)
        {
            _subscribers = [.. _subscribers.Where(s => s != onChanged)];
        }
    }

    private sealed class Subscription(ChangeFeed<TChange> owner, Action<TChange> onChanged) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Unsubscribe(onChanged);
            }
        }
    }
}
