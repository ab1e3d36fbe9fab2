using Fulfillment.Workflows.EntityFrameworkCore;
using Hangfire;

namespace Fulfillment.Workflows.Hangfire;

/// <summary>Hangfire jobs that dispatch outbox messages; retries are ours (rows are the truth), not Hangfire's.</summary>
public sealed class OutboxJobs(OutboxDispatcher dispatcher, IBackgroundJobClient jobs)
{
    [AutomaticRetry(Attempts = 0)]
    public async Task DispatchAsync(Guid messageId, CancellationToken cancellationToken)
    {
        var result = await dispatcher.DispatchAsync(messageId, cancellationToken);
        if (result.RetryAt is { } retryAt)
        {
            jobs.Schedule<OutboxJobs>(j => j.DispatchAsync(messageId, CancellationToken.None), retryAt);
        }
    }

    /// <summary>
    /// Safety net, run every minute: dispatches due messages whose job was lost, and takes over those
    /// whose dispatcher died. Two sweeps may overlap (two nodes, a slow sweep): every message is claimed
    /// before it is sent, so that is safe, and no Hangfire lock is held that a dying node could leave behind.
    /// </summary>
    [AutomaticRetry(Attempts = 0)]
    public Task SweepAsync(CancellationToken cancellationToken) => dispatcher.DispatchDueAsync(cancellationToken);
}
