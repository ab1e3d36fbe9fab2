using System.Data.Common;
using Fulfillment.Workflows.Runtime;

namespace Fulfillment.Workflows.EntityFrameworkCore;

/// <summary>
/// Lets a module write its own tables in the same transaction as an instance commit (the
/// durability contract's "one transaction"): called after the engine's rows are saved and
/// before the transaction commits. Throwing rolls the whole commit back; throw
/// <see cref="ConcurrencyConflictException"/> when a guarded row changed underneath.
/// </summary>
public interface IWorkflowCommitParticipant
{
    Task OnCommittingAsync(WorkflowCommitContext context, CancellationToken cancellationToken);
}

/// <summary>The open connection and transaction of a commit; use them with <c>Database.SetDbConnection</c> and <c>UseTransactionAsync</c>.</summary>
public sealed record WorkflowCommitContext(DbConnection Connection, DbTransaction Transaction, InstanceCommit Commit);
