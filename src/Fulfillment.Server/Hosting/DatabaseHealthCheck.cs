using Fulfillment.Workflows.EntityFrameworkCore;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Fulfillment.Server.Hosting;

/// <summary>
/// Checks that the database can be opened and queried. SQLite is opened read-write without "create",
/// so a data directory that vanished under a running server reports Unhealthy instead of silently
/// getting a fresh empty database; PostgreSQL is asked <c>SELECT 1</c>.
/// </summary>
internal sealed class DatabaseHealthCheck(FulfillmentDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = database.Provider == DatabaseProvider.PostgreSql
                ? (System.Data.Common.DbConnection)new NpgsqlConnection(database.ConnectionString)
                : new SqliteConnection(new SqliteConnectionStringBuilder(database.ConnectionString) { Mode = SqliteOpenMode.ReadWrite }.ToString());
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1;";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is SqliteException or NpgsqlException)
        {
            return HealthCheckResult.Unhealthy($"The {database.Provider} database cannot be opened.", exception);
        }
    }
}
