using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Fulfillment.Operations.Tests.Infrastructure;

/// <summary>Fails the engine's next transaction commit once, rolling it back, as if the process died right before it.</summary>
public sealed class FailingCommits : DbTransactionInterceptor
{
    private int _armed;

    public void FailNext() => Volatile.Write(ref _armed, 1);

    public override ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
        Interlocked.Exchange(ref _armed, 0) == 1
            ? throw new InvalidOperationException("Injected: the process died before the commit.")
            : base.TransactionCommittingAsync(transaction, eventData, result, cancellationToken);

    public override InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result) =>
        Interlocked.Exchange(ref _armed, 0) == 1
            ? throw new InvalidOperationException("Injected: the process died before the commit.")
            : base.TransactionCommitting(transaction, eventData, result);
}
