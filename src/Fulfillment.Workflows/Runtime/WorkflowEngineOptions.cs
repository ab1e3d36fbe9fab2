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

    /// <summary>
    /// This process's name among the nodes sharing one database, written on every journal entry and on
    /// every lock it takes. Must differ between nodes running at the same time and stay the same when a
    /// node restarts: a restarting node releases the locks its earlier life held (it finishes that work
    /// at once instead of waiting for the locks to expire). Default: the machine name.
    /// </summary>
    public string NodeName { get; set; } = Environment.MachineName;

    /// <summary>
    /// How long a node's claim on a running instance, a timer it fires or a queued event it delivers
    /// holds. Renewed by every commit of a running instance. If the node dies, another node's recovery
    /// sweep takes the work over once the claim has expired, so this is also the takeover delay. Keep it
    /// well above the longest burst.
    /// </summary>
    public TimeSpan LockDuration { get; set; } = TimeSpan.FromMinutes(1);
}
