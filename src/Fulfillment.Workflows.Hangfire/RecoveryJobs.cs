using Fulfillment.Workflows.Runtime;
using Hangfire;

namespace Fulfillment.Workflows.Hangfire;

/// <summary>
/// Takes over work whose node stopped (crashed, killed, lost its database connection): running
/// instances and queued events whose lock has expired. One node's start-up recovery covers its own
/// earlier life; this sweep, on whichever node runs it, covers every other node.
/// </summary>
public sealed class RecoveryJobs(WorkflowRuntime runtime)
{
    [AutomaticRetry(Attempts = 0)]
    public Task SweepAsync(CancellationToken cancellationToken) => runtime.RecoverAbandonedAsync(cancellationToken);
}
