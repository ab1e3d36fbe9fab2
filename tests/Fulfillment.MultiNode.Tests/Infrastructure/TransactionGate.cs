using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Fulfillment.MultiNode.Tests.Infrastructure;

/// <summary>
/// Makes races real instead of hoped for: once armed, the next N transactions to begin (on any node
/// that has this interceptor) wait at their start until all N have arrived, so each has read what it
/// read before any of them writes. Also counts commits and can make one fail, as if its node died.
/// </summary>
public sealed class TransactionGate : DbTransactionInterceptor
{
    private readonly Lock _lock = new();
    private TaskCompletionSource? _allArrived;
    private int _waiting;
    private int _expected;
    private int _commitsUntilCrash;

    /// <summary>The next <paramref name="participants"/> transactions start together.</summary>
    public void LineUp(int participants)
    {
        lock (_lock)
        {
            _expected = participants;
            _waiting = 0;
            _allArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>The <paramref name="nth"/> commit from now fails, rolled back, as if the process died before it.</summary>
    public void CrashAtCommit(int nth)
    {
        lock (_lock)
        {
            _commitsUntilCrash = nth;
        }
    }

    public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result,
        CancellationToken cancellationToken = default)
    {
        Task? wait = null;
        lock (_lock)
        {
            if (_allArrived is { } arrived)
            {
                if (++_waiting == _expected)
                {
                    _allArrived = null;
                    arrived.SetResult();
                }

                wait = arrived.Task;
            }
        }

        if (wait is not null)
        {
            await wait.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }

        return result;
    }

    public override ValueTask<InterceptionResult> TransactionCommittingAsync(
        DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_commitsUntilCrash > 0 && --_commitsUntilCrash == 0)
            {
                throw new SimulatedCrashException();
            }
        }

        return ValueTask.FromResult(result);
    }
}

public sealed class SimulatedCrashException() : Exception("Simulated crash before the commit.");
