namespace Fulfillment.Workflows.Runtime;

public sealed class WorkflowEngineOptions
{
    /// <summary>
    /// Activities executed before the runtime commits and continues in a new transaction; bounds
    /// the work lost to a crash and stops a runaway loop from holding one transaction forever.
    /// </summary>
    public int MaxActivitiesPerBurst { get; set; } = 500;

    /// <summary>
    /// Activities one operation (a start, a resume, a retry, a recovery) may run while the instance
    /// never waits. Past it the instance faults, so a loop with no wait in it stops instead of
    /// committing (and journaling) forever while its caller waits; a retry runs up to this many again.
    /// </summary>
    public int MaxActivitiesPerRun { get; set; } = 10_000;

    /// <summary>How often a commit that lost an optimistic-concurrency race is retried on fresh state.</summary>
    public int MaxConcurrencyRetries { get; set; } = 5;
}
