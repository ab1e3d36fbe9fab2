using Microsoft.Extensions.Logging;

namespace Fulfillment.HumanTasks.Live;

public enum TaskChangeKind
{
    Opened,
    Completed,
    Escalated,
    Claimed,
    Released,
    Delegated,

    /// <summary>The instance finished (completed or cancelled): its open tasks were closed.</summary>
    InstanceFinished,
}

/// <summary>Something happened to a task (or to all open tasks of an instance, when <see cref="TaskId"/> is null).</summary>
public sealed record TaskChange(TaskChangeKind Kind, string InstanceId, string? TaskId);

/// <summary>
/// Tells live views (the Studio inbox, the task page) that tasks changed, after the change is
/// committed: from the engine's commit observer for tasks opened, completed, escalated or closed with
/// their instance, and from <see cref="HumanTaskService"/> for claims, releases and delegations.
/// In-process only: a view on another node hears nothing.
/// </summary>
public sealed class TaskChangeNotifier(ILogger<TaskChangeNotifier> logger)
{
    private readonly Lock _gate = new();
    private Action<IReadOnlyList<TaskChange>>[] _subscribers = [];

    /// <summary>
    /// Calls <paramref name="onChanged"/> with every batch of changes (one batch per commit) until the
    /// returned handle is disposed. It runs on the thread that made the change, so it must return
    /// at once: a Blazor component hands the work to its own dispatcher (<c>InvokeAsync</c>).
    /// </summary>
    public IDisposable Subscribe(Action<IReadOnlyList<TaskChange>> onChanged)
    {
        ArgumentNullException.ThrowIfNull(onChanged);
        lock (_gate)
        {
            _subscribers = [.. _subscribers, onChanged];
        }

        return new Subscription(this, onChanged);
    }

    public void Publish(IReadOnlyList<TaskChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return;
        }

        // A copy-on-write array: publishing never holds the lock while subscribers run.
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            try
            {
                subscriber(changes);
            }
            catch (Exception ex)
            {
                // One broken view must not stop the others, nor fail the operation that changed the task.
                logger.LogError(ex, "A task change subscriber failed");
            }
        }
    }

    private void Unsubscribe(Action<IReadOnlyList<TaskChange>> onChanged)
    {
        lock (_gate)
        {
            _subscribers = [.. _subscribers.Where(s => s != onChanged)];
        }
    }

    private sealed class Subscription(TaskChangeNotifier owner, Action<IReadOnlyList<TaskChange>> onChanged) : IDisposable
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
