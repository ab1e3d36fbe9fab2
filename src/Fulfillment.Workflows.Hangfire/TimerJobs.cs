using Fulfillment.Workflows.Runtime;
using Hangfire;

namespace Fulfillment.Workflows.Hangfire;

/// <summary>The Hangfire job that fires one timer. Our timer row is the truth; this only resumes it.</summary>
public sealed class TimerJobs(WorkflowRuntime runtime, TimeProvider clock)
{
    // Firing is idempotent (a fired or cancelled timer's bookmark is gone), and a failure here
    // is picked up by the due-timer sweep, so Hangfire's own retries would only add noise.
    [AutomaticRetry(Attempts = 0)]
    public async Task FireAsync(string instanceId, string bookmarkId, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        // "Trigger now" in the dashboard must not fire a timer early; the sweep fires it when it is due.
        if (dueAt > clock.GetUtcNow())
        {
            return;
        }

        await runtime.FireTimerAsync(new TimerRef(instanceId, bookmarkId, dueAt), cancellationToken);
    }

    /// <summary>
    /// Safety net, run every minute: fires anything due whose job was lost (or whose firing node died).
    /// Overlapping sweeps are safe: each timer is claimed before it fires.
    /// </summary>
    [AutomaticRetry(Attempts = 0)]
    public Task SweepAsync(CancellationToken cancellationToken) =>
        runtime.FireDueTimersAsync(clock.GetUtcNow(), moveClockTo: null, cancellationToken);
}
