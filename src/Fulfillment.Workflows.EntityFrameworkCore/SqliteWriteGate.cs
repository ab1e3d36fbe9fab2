using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Fulfillment.Workflows.EntityFrameworkCore;

/// <summary>
/// One writer at a time per SQLite database file in this process, taken in turn. SQLite allows one
/// writer; a second one that finds the lock taken gets <c>SQLITE_BUSY</c>, and Microsoft.Data.Sqlite then
/// sleeps 150 ms before trying again, so under concurrent writers commits waited in 150 ms steps (a
/// 1.6 s p99 in the benchmark). Writers of this process queue here instead and start the moment the
/// previous one ends. Writers of other processes still meet <c>SQLITE_BUSY</c> and its retries.
/// </summary>
/// <remarks>
/// Held from BEGIN (Microsoft.Data.Sqlite's <c>BEGIN IMMEDIATE</c>, unchanged) to COMMIT or ROLLBACK of
/// every transaction a context configured by <see cref="FulfillmentDatabase"/> begins, and around each of
/// its statements that may write outside a transaction. Statements in a transaction the context did not
/// begin (a commit participant's context on the commit's connection) need nothing: the transaction's
/// owner holds the gate. Reads take no turn: WAL readers never wait for the writer.
/// </remarks>
public sealed class SqliteWriteGate
{
    private static readonly ConcurrentDictionary<string, SqliteWriteGate> Gates = new(StringComparer.Ordinal);

    // Not a fair hand-off (SemaphoreSlim gives a released turn to the first waiter, which then sits idle until
    // a thread-pool thread runs it: on a busy machine every write waited for that). A free turn goes to
    // whoever asks first; a woken waiter that finds it taken queues again at the front.
    private readonly Lock _sync = new();
    private readonly LinkedList<TaskCompletionSource> _waiters = [];
    private bool _held;

    private SqliteWriteGate()
    {
        Interceptor = new SqliteWriteGateInterceptor(this);
    }

    /// <summary>Takes this gate's turns for every EF Core context on the file (added by <see cref="FulfillmentDatabase.Configure(Microsoft.EntityFrameworkCore.DbContextOptionsBuilder, string?)"/>).</summary>
    internal SqliteWriteGateInterceptor Interceptor { get; }

    /// <summary>The gate of the database file <paramref name="connectionString"/> names (one per file, whatever the spelling).</summary>
    public static SqliteWriteGate For(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        return Gates.GetOrAdd(DatabaseKey(connectionString), static _ => new SqliteWriteGate());
    }

    /// <summary>Waits for the turn to write; dispose the result to pass it on.</summary>
    /// <param name="timeout">How long to wait; <see cref="Timeout.InfiniteTimeSpan"/> for ever.</param>
    /// <exception cref="SqliteException">SQLITE_BUSY: the turn did not come within <paramref name="timeout"/>.</exception>
    public async ValueTask<IDisposable> EnterAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Deadline(timeout);
        var woken = false;
        while (true)
        {
            var waiter = TryTakeOrQueue(woken);
            if (waiter is null)
            {
                return new Turn(this);
            }

            try
            {
                await waiter.Task.WaitAsync(Remaining(deadline, timeout), cancellationToken);
            }
            catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
            {
                GiveUp(waiter);
                throw ex is TimeoutException ? Busy(timeout) : ex;
            }

            woken = true;
        }
    }

    /// <inheritdoc cref="EnterAsync"/>
    public IDisposable Enter(TimeSpan timeout)
    {
        var deadline = Deadline(timeout);
        var woken = false;
        while (true)
        {
            var waiter = TryTakeOrQueue(woken);
            if (waiter is null)
            {
                return new Turn(this);
            }

            if (!waiter.Task.Wait(Remaining(deadline, timeout)))
            {
                GiveUp(waiter);
                throw Busy(timeout);
            }

            woken = true;
        }
    }

    /// <returns>Null when the turn was free and is now taken; otherwise what to wait on before asking again.</returns>
    private TaskCompletionSource? TryTakeOrQueue(bool woken)
    {
        lock (_sync)
        {
            if (!_held)
            {
                _held = true;
                return null;
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (woken)
            {
                _waiters.AddFirst(waiter);
            }
            else
            {
                _waiters.AddLast(waiter);
            }

            return waiter;
        }
    }

    private void Leave()
    {
        lock (_sync)
        {
            _held = false;
            WakeFirst();
        }
    }

    /// <summary>A waiter stops waiting; if it was woken meanwhile, the wake-up goes to the next one.</summary>
    private void GiveUp(TaskCompletionSource waiter)
    {
        lock (_sync)
        {
            if (!_waiters.Remove(waiter) && !_held)
            {
                WakeFirst();
            }
        }
    }

    private void WakeFirst()
    {
        if (_waiters.First is { } first)
        {
            _waiters.RemoveFirst();
            first.Value.SetResult();
        }
    }

    private static long Deadline(TimeSpan timeout) =>
        timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : Environment.TickCount64 + (long)timeout.TotalMilliseconds;

    private static TimeSpan Remaining(long deadline, TimeSpan timeout) =>
        timeout == Timeout.InfiniteTimeSpan ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(Math.Max(0, deadline - Environment.TickCount64));

    private static SqliteException Busy(TimeSpan timeout) =>
        new($"No turn to write to the SQLite database within {timeout.TotalSeconds:0} s.", 5 /* SQLITE_BUSY */);

    private static string DatabaseKey(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var inMemory = builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:";
        return inMemory ? "memory:" + builder.DataSource : "file:" + Path.GetFullPath(builder.DataSource);
    }

    /// <summary>A held turn; passing it on twice is harmless.</summary>
    private sealed class Turn(SqliteWriteGate gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Leave();
            }
        }
    }
}

/// <summary>
/// Takes a <see cref="SqliteWriteGate"/> turn for EF Core: when a context begins a transaction (until it
/// commits or rolls back) and around a statement outside any transaction that is not a query. The turn
/// is also passed on when the connection closes, so a transaction disposed without commit or rollback
/// (an exception) cannot keep it.
/// </summary>
internal sealed class SqliteWriteGateInterceptor(SqliteWriteGate gate) : IDbTransactionInterceptor, IDbCommandInterceptor, IDbConnectionInterceptor
{
    // The turn a connection holds; a connection runs one transaction or statement at a time.
    private readonly ConditionalWeakTable<DbConnection, IDisposable> _held = [];

    // A completed SqliteTransaction no longer knows its connection: remember it when the transaction starts.
    private readonly ConditionalWeakTable<DbTransaction, DbConnection> _connections = [];

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        await EnterAsync(connection, cancellationToken);
        return result;
    }

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        Enter(connection);
        return result;
    }

    public ValueTask<DbTransaction> TransactionStartedAsync(
        DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        _connections.AddOrUpdate(result, connection);
        return ValueTask.FromResult(result);
    }

    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        _connections.AddOrUpdate(result, connection);
        return result;
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Leave(transaction);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Leave(transaction);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Leave(transaction);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Leave(transaction);

    public async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (MayWriteAlone(command))
        {
            await EnterAsync(command.Connection!, cancellationToken);
        }

        return result;
    }

    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        if (MayWriteAlone(command))
        {
            Enter(command.Connection!);
        }

        return result;
    }

    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (MayWriteAlone(command))
        {
            await EnterAsync(command.Connection!, cancellationToken);
        }

        return result;
    }

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        if (MayWriteAlone(command))
        {
            Enter(command.Connection!);
        }

        return result;
    }

    public async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        if (MayWriteAlone(command))
        {
            await EnterAsync(command.Connection!, cancellationToken);
        }

        return result;
    }

    public InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        if (MayWriteAlone(command))
        {
            Enter(command.Connection!);
        }

        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        LeaveAfterStatement(command);
        return ValueTask.FromResult(result);
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        LeaveAfterStatement(command);
        return result;
    }

    public ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        LeaveAfterStatement(command);
        return ValueTask.FromResult(result);
    }

    public object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        LeaveAfterStatement(command);
        return result;
    }

    // A reader's statement (e.g. INSERT … RETURNING) holds SQLite's lock until the reader is done with it.
    public InterceptionResult DataReaderClosing(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        LeaveAfterStatement(command);
        return result;
    }

    public ValueTask<InterceptionResult> DataReaderClosingAsync(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        LeaveAfterStatement(command);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        LeaveAfterStatement(command);
        return result;
    }

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => LeaveAfterStatement(command);

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        LeaveAfterStatement(command);
        return Task.CompletedTask;
    }

    public void CommandCanceled(DbCommand command, CommandEndEventData eventData) => LeaveAfterStatement(command);

    public Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        LeaveAfterStatement(command);
        return Task.CompletedTask;
    }

    public void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Leave(connection);

    public Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        Leave(connection);
        return Task.CompletedTask;
    }

    /// <summary>
    /// A statement outside a transaction that may write: anything but a query. (Inside a transaction the
    /// transaction's turn covers it.)
    /// </summary>
    private static bool MayWriteAlone(DbCommand command) =>
        command.Transaction is null && command.Connection is not null
        && !command.CommandText.AsSpan().TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase);

    private void LeaveAfterStatement(DbCommand command)
    {
        if (command.Transaction is null && command.Connection is { } connection)
        {
            Leave(connection);
        }
    }

    private async ValueTask EnterAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Hold(connection, await gate.EnterAsync(Timeout(connection), cancellationToken));

    private void Enter(DbConnection connection) => Hold(connection, gate.Enter(Timeout(connection)));

    private void Hold(DbConnection connection, IDisposable turn)
    {
        if (!_held.TryAdd(connection, turn))
        {
            turn.Dispose();
            throw new InvalidOperationException("A connection asked for a second turn to write while holding one.");
        }
    }

    private void Leave(DbTransaction transaction)
    {
        if (_connections.TryGetValue(transaction, out var connection))
        {
            _connections.Remove(transaction);
            Leave(connection);
        }
    }

    private void Leave(DbConnection connection)
    {
        if (_held.TryGetValue(connection, out var turn) && _held.Remove(connection))
        {
            turn.Dispose();
        }
    }

    // As long as Microsoft.Data.Sqlite's busy retries would have tried (0: for ever).
    private static TimeSpan Timeout(DbConnection connection) =>
        (connection as SqliteConnection)?.DefaultTimeout switch
        {
            0 => System.Threading.Timeout.InfiniteTimeSpan,
            { } seconds => TimeSpan.FromSeconds(seconds),
            null => TimeSpan.FromSeconds(30),
        };
}
