using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Fulfillment.Bench;

/// <summary>
/// The ceiling for any durable engine on this disk: single-row transactions against a SQLite file in
/// the same folder, journal mode WAL and the same <c>synchronous</c> setting as the engine's database,
/// one writer (SQLite allows one at a time) for a fixed time.
/// </summary>
internal static class RawSqliteCommits
{
    private const int PayloadBytes = 1024;

    public static async Task<double> PerSecondAsync(string directory, string synchronous, TimeSpan duration, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, $"raw-{Guid.NewGuid():N}.db");
        try
        {
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
            await connection.OpenAsync(cancellationToken);
            await ExecuteAsync(connection, $"PRAGMA journal_mode=WAL; PRAGMA synchronous={synchronous}; CREATE TABLE rows (id INTEGER PRIMARY KEY, payload BLOB NOT NULL);", cancellationToken);

            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO rows (payload) VALUES ($payload);";
            insert.Parameters.AddWithValue("$payload", new byte[PayloadBytes]);
            var commits = 0L;
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < duration)
            {
                await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
                insert.Transaction = transaction;
                await insert.ExecuteNonQueryAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                commits++;
            }

            return commits / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm" }.Where(File.Exists))
            {
                File.Delete(file);
            }
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
