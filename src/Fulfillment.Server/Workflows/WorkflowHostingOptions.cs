namespace Fulfillment.Server.Workflows;

/// <summary>Workflow settings of the server, from the <c>Fulfillment</c> configuration section.</summary>
public sealed class WorkflowHostingOptions
{
    /// <summary>
    /// Folder of definition files published at start-up (<c>Fulfillment__WorkflowsDirectory</c>).
    /// Unset: <c>./workflows</c> if present, else the copy shipped next to the binaries.
    /// </summary>
    public string? WorkflowsDirectory { get; set; }
}
