namespace Fulfillment.Server.Studio.Live;

/// <summary>
/// Reloads a component when a change notification arrives on another thread, without piling up:
/// requests that arrive while a reload runs are folded into one more reload afterwards. The reload
/// runs on the component's dispatcher (pass its <c>InvokeAsync</c>), which then re-renders it.
/// </summary>
internal sealed class LiveRefresh(Func<Func<Task>, Task> invokeAsync, Func<Task> reload, ILogger logger)
{
    private int _requested;
    private int _running;

    /// <summary>Safe to call from any thread; returns at once.</summary>
    public void Request()
    {
        Interlocked.Exchange(ref _requested, 1);
        if (Interlocked.CompareExchange(ref _running, 1, 0) == 0)
        {
            _ = RunAsync();
        }
    }

    private async Task RunAsync()
    {
        try
        {
            while (Interlocked.Exchange(ref _requested, 0) == 1)
            {
                await invokeAsync(reload);
            }
        }
        catch (Exception ex) when (ex is ObjectDisposedException or OperationCanceledException)
        {
            // The page was closed while reloading: nothing left to update.
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "A live Studio view failed to reload");
        }
        finally
        {
            Interlocked.Exchange(ref _running, 0);
        }

        // A request that came in after the loop's last check and before _running was cleared.
        if (Volatile.Read(ref _requested) == 1 && Interlocked.CompareExchange(ref _running, 1, 0) == 0)
        {
            _ = RunAsync();
        }
    }
}
