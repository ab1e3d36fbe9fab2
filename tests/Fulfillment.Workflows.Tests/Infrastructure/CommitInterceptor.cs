using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Fulfillment.Workflows.Tests.Infrastructure;

/// <summary>
/// Fault injection at the database transaction: make the n-th commit fail (as if the process
/// died between running the workflow and committing its new state), or hold transactions back
/// at their start so two operations can be lined up to race.
/// </summary>
public sealed class CommitInterceptor : DbTransactionInterceptor
{
    private readonly Lock _lock = new();
    private int _commitsUntilFailure;
    private Rendezvous? _startRendezvous;
    private int _transactionsStarted;

    /// <summary>Transaction commits attempted (including failed ones) since the host was created.</summary>
    public int CommitsSeen { get; private set; }

    /// <summary>Transactions begun since the host was created.</summary>
    public int TransactionsStarted => Volatile.Read(ref _transactionsStarted);

    /// <summary>Makes the <paramref name="nth"/> transaction commit from now on fail (once), rolling it back.</summary>
    public void FailCommit(int nth = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nth, 1);
        lock (_lock)
        {
            _commitsUntilFailure = nth;
        }
    }

    public void Disarm()
    {
        lock (_lock)
        {
            _commitsUntilFailure = 0;
        }
    }

    /// <summary>
    /// The next <paramref name="participants"/> transactions wait at their start until all of
    /// them got there, so the operations behind them have all read their state first.
    /// </summary>
    public void LineUpTransactions(int participants)
    {
        lock (_lock)
        {
            _startRendezvous = new Rendezvous(participants);
        }
    }

    public override InterceptionResult<DbTransaction> TransactionStarting(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        Interlocked.Increment(ref _transactionsStarted);
        if (TakeRendezvous() is { } rendezvous)
        {
            rendezvous.ArriveAsync().GetAwaiter().GetResult();
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result,
        CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _transactionsStarted);
        if (TakeRendezvous() is { } rendezvous)
        {
            await rendezvous.ArriveAsync();
        }

        return result;
    }

    public override InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        OnCommitting();
        return result;
    }

    public override ValueTask<InterceptionResult> TransactionCommittingAsync(
        DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        OnCommitting();
        return ValueTask.FromResult(result);
    }

    private void OnCommitting()
    {
        lock (_lock)
        {
            CommitsSeen++;
            if (_commitsUntilFailure > 0 && --_commitsUntilFailure == 0)
            {
                throw new SimulatedCrashException($"Simulated crash before commit #{CommitsSeen}.");
            }
        }
    }

    /// <summary>The current rendezvous, if this transaction is one of its participants.</summary>
    private Rendezvous? TakeRendezvous()
    {
        lock (_lock)
        {
            if (_startRendezvous is not { } rendezvous)
            {
                return null;
            }

            if (rendezvous.ClaimSeat())
            {
                _startRendezvous = null; // the last participant; later transactions pass freely
            }

            return rendezvous;
        }
    }

    private sealed class Rendezvous(int participants)
    {
        private readonly TaskCompletionSource _allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _seated;

        /// <returns>True for the last participant.</returns>
        public bool ClaimSeat() => ++_seated == participants;

        public async Task ArriveAsync()
        {
            if (Volatile.Read(ref _seated) >= participants)
            {
                _allArrived.TrySetResult();
            }

            // Bounded, so a test whose operations never line up fails instead of hanging.
            try
            {
                await _allArrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException ex)
            {
                throw new TimeoutException("Not every lined-up transaction reached its start.", ex);
            }
        }
    }
}

/// <summary>Thrown by <see cref="CommitInterceptor"/> in place of a commit.</summary>
public sealed class SimulatedCrashException : Exception
{
    public SimulatedCrashException()
    {
    }

    public SimulatedCrashException(string message)
        : base(message)
    {
    }

    public SimulatedCrashException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
