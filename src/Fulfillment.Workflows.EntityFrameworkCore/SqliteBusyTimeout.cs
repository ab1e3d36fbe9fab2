using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Fulfillment.Workflows.EntityFrameworkCore;

/// <summary>
/// Lets SQLite itself wait for the write lock (<c>PRAGMA busy_timeout</c>) on every connection. Without
/// it, a writer that finds the lock taken gets SQLITE_BUSY at once and Microsoft.Data.Sqlite retries
/// after sleeping 150 ms, so under concurrent commits most of a commit's time is that sleep; SQLite's
/// own handler retries within a millisecond or two of the lock being released.
/// </summary>
public sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    private const string Pragma = "PRAGMA busy_timeout = 30000;";

    public static SqliteBusyTimeout Instance { get; } = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
