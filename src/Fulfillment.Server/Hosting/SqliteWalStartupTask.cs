using Fulfillment.Workflows.EntityFrameworkCore;
using Microsoft.Data.Sqlite;

namespace Fulfillment.Server.Hosting;

/// <summary>
/// Switches the shared SQLite file to write-ahead logging. WAL lets the engine's readers run while a
/// writer commits (the default rollback journal blocks them). The mode is stored in the database file
/// itself, so setting it once per start is enough for every later connection. Nothing to do on PostgreSQL.
/// </summary>
internal sealed class SqliteWalStartupTask(FulfillmentPaths paths, FulfillmentDatabase database, ILogger<SqliteWalStartupTask> logger) : IStartupTask
{
    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        if (database.Provider != DatabaseProvider.Sqlite)
        {
            return;
        }

        await using var connection = new SqliteConnection(paths.SqliteConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        var mode = (string?)await command.ExecuteScalarAsync(cancellationToken);

        // SQLite answers with the mode actually in force; anything but "wal" means the file system
        // refused it (e.g. a network share), which the engine's concurrency assumptions cannot live with.
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"SQLite refused WAL journal mode for '{paths.DatabasePath}' (journal_mode is '{mode}').");
        }

        logger.LogDebug("SQLite journal mode is WAL for {DatabasePath}", paths.DatabasePath);
    }
}
