using Fulfillment.Workflows.EntityFrameworkCore;
using Npgsql;

namespace Fulfillment.Server.Hosting;

/// <summary>
/// Lets one node at a time run its start-up tasks on a shared PostgreSQL database: migrations, seeding
/// roles and demo users, publishing the definition files and creating Hangfire's schema are each
/// "check, then write", and two nodes starting together would both write. A session-level advisory
/// lock, held on its own connection until the tasks are done; a node that dies meanwhile loses its
/// session, and with it the lock. SQLite has one node, so no lock.
/// </summary>
internal sealed class StartupLock : IAsyncDisposable
{
    /// <summary>A fixed advisory lock id ("FulfStar").</summary>
    private const long LockId = 0x46_75_6C_66_53_74_61_72;

    private readonly NpgsqlConnection? _connection;

    private StartupLock(NpgsqlConnection? connection) => _connection = connection;

    public static async Task<StartupLock> AcquireAsync(FulfillmentDatabase database, ILogger logger, CancellationToken cancellationToken)
    {
        if (database.Provider != DatabaseProvider.PostgreSql)
        {
            return new StartupLock(null);
        }

        var connection = new NpgsqlConnection(database.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            logger.LogInformation("Waiting for the start-up lock (held while another node starts)");

            // No command timeout: waiting as long as the other node's start-up takes is the point.
            await ExecuteAsync(connection, "SELECT pg_advisory_lock(@id)", cancellationToken, timeoutSeconds: 0);
            return new StartupLock(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is null)
        {
            return;
        }

        // Unlocked explicitly: a pooled connection's session outlives Close.
        await ExecuteAsync(_connection, "SELECT pg_advisory_unlock(@id)", CancellationToken.None);
        await _connection.DisposeAsync();
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, int timeoutSeconds = 30)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = timeoutSeconds };
        command.Parameters.AddWithValue("id", LockId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
