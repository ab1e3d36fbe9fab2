namespace Fulfillment.Workflows.Hangfire;

public sealed class WorkflowHangfireOptions
{
    /// <summary>
    /// Schedule a Hangfire job per timer. Off under a simulated clock, where timers fire when the
    /// clock is advanced instead of at wall-clock time.
    /// </summary>
    public bool ScheduleTimers { get; set; } = true;

    /// <summary>
    /// True when Hangfire's storage forgets everything on restart (in-memory): start-up then
    /// schedules every timer again. With persistent storage only timers lacking a job id are.
    /// </summary>
    public bool StorageIsVolatile { get; set; } = true;

    /// <summary>
    /// Cron of the safety-net sweeps for due timers, outbox messages and abandoned instances; five
    /// fields (minutes), or six with seconds first (e.g. <c>*/5 * * * * *</c>).
    /// </summary>
    public string SweepCron { get; set; } = "* * * * *";
}
