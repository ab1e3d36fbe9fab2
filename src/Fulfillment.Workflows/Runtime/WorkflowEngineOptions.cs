namespace Fulfillment.Workflows.Runtime;

public sealed class WorkflowEngineOptions
{
    /// <summary>
    /// Activities executed before the runtime commits and continues in a new transaction; bounds
    /// the work lost to a crash and stops a runaway loop from holding one transaction forever.
    /// </summary>
    public int MaxActivitiesPerBurst { get; set; } = 500;

    /// <summary>How often a commit that lost an optimistic-concurrency race is retried on fresh state.</summary>
    public int MaxConcurrencyRetries { get; set; } = 5;
}
