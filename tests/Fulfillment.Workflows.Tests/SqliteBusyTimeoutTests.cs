using Fulfillment.Workflows.EntityFrameworkCore;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Fulfillment.Workflows.Tests;

/// <summary>Every SQLite context of a deployment lets SQLite wait for the write lock itself.</summary>
public sealed class SqliteBusyTimeoutTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("fulfillment-busy-").FullName;

    [Fact]
    public async Task A_context_on_the_sqlite_database_waits_for_a_busy_lock_instead_of_failing_at_once()
    {
        var path = Path.Combine(_directory, "busy.db");
        var database = FulfillmentDatabase.Sqlite(new SqliteConnectionStringBuilder { DataSource = path }.ToString());
        await using var db = new WorkflowDbContext(database.CreateOptions<WorkflowDbContext>());
        await db.Database.OpenConnectionAsync();

        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA busy_timeout;";
        var timeout = Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);

        timeout.ShouldBe(30_000, "without it SQLite answers SQLITE_BUSY at once and the driver sleeps 150 ms per retry");
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
