using Fulfillment.Workflows.Runtime;
using Hangfire;
using Microsoft.Extensions.Options;

namespace Fulfillment.Workflows.Hangfire;

/// <summary>
/// After each commit: schedules a Hangfire job per new timer and records its id on the timer row,
/// deletes the jobs of removed timers by their recorded ids, and enqueues outbox dispatch.
/// </summary>
internal sealed class HangfireCommitObserver(
    IBackgroundJobClient jobs,
    IWorkflowInstanceStore store,
    IOptions<WorkflowHangfireOptions> options) : ICommitObserver
{
    public async Task OnCommittedAsync(CommitResult result, CancellationToken cancellationToken)
    {
        if (options.Value.ScheduleTimers)
        {
            foreach (var timer in result.AddedTimers)
            {
                await ScheduleAsync(jobs, store, timer, cancellationToken);
            }

            foreach (var jobId in result.RemovedTimerJobIds)
            {
                jobs.Delete(jobId);
            }
        }

        foreach (var messageId in result.OutboxMessageIds)
        {
            jobs.Enqueue<OutboxJobs>(j => j.DispatchAsync(messageId, CancellationToken.None));
        }
    }

    internal static async Task ScheduleAsync(IBackgroundJobClient jobs, IWorkflowInstanceStore store, TimerRef timer, CancellationToken cancellationToken)
    {
        var jobId = jobs.Schedule<TimerJobs>(j => j.FireAsync(timer.InstanceId, timer.BookmarkId, timer.DueAt, CancellationToken.None), timer.DueAt);
        await store.SetTimerJobIdAsync(timer.BookmarkId, jobId, cancellationToken);
    }
}
