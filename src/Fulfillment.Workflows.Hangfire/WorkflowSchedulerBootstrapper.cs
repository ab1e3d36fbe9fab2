using Fulfillment.Workflows.EntityFrameworkCore;
using Fulfillment.Workflows.Runtime;
using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fulfillment.Workflows.Hangfire;

/// <summary>
/// Rebuilds Hangfire's view from our rows at start-up: every pending timer gets its job (all of
/// them when Hangfire's storage is in-memory), the outbox is drained, and the sweeps (due timers,
/// outbox, abandoned instances) are registered.
/// </summary>
public sealed partial class WorkflowSchedulerBootstrapper(
    IWorkflowInstanceStore store,
    OutboxDispatcher outbox,
    IBackgroundJobClient jobs,
    IRecurringJobManager recurringJobs,
    IOptions<WorkflowHangfireOptions> options,
    ILogger<WorkflowSchedulerBootstrapper> logger)
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.ScheduleTimers)
        {
            var timers = await store.FindTimersAsync(onlyUnscheduled: !settings.StorageIsVolatile, cancellationToken);
            foreach (var timer in timers)
            {
                await HangfireCommitObserver.ScheduleAsync(jobs, store, timer, cancellationToken);
            }

            LogTimersScheduled(timers.Count);
            recurringJobs.AddOrUpdate<TimerJobs>("workflow-timer-sweep", j => j.SweepAsync(CancellationToken.None), settings.SweepCron);
        }

        foreach (var messageId in await outbox.FindDueAsync(cancellationToken))
        {
            jobs.Enqueue<OutboxJobs>(j => j.DispatchAsync(messageId, CancellationToken.None));
        }

        recurringJobs.AddOrUpdate<OutboxJobs>("outbox-sweep", j => j.SweepAsync(CancellationToken.None), settings.SweepCron);
        recurringJobs.AddOrUpdate<RecoveryJobs>("workflow-recovery-sweep", j => j.SweepAsync(CancellationToken.None), settings.SweepCron);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled {Count} pending timer(s) from the timer rows")]
    private partial void LogTimersScheduled(int count);
}
