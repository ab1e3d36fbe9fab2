using System.Data.Common;
using Fulfillment.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

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

/// <summary>The open connection and transaction of a commit, and the provider they belong to.</summary>
public sealed record WorkflowCommitContext(DbConnection Connection, DbTransaction Transaction, InstanceCommit Commit, DatabaseProvider Provider)
{
    /// <summary>
    /// Options for a module's context on this commit's connection, whatever the provider. Create the
    /// context with them, then enlist it with <c>Database.UseTransactionAsync(Transaction)</c>.
    /// </summary>
    public DbContextOptions<TContext> CreateOptions<TContext>()
        where TContext : DbContext =>
        (DbContextOptions<TContext>)FulfillmentDatabase.Configure(new DbContextOptionsBuilder<TContext>(), Provider, Connection).Options;
}
