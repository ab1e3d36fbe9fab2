using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Fulfillment.Server.Hosting;

/// <summary>
/// Checks that the shared SQLite file can be opened and queried. Opens read-write without "create",
/// so a data directory that vanished under a running server reports Unhealthy instead of silently
/// getting a fresh empty database.
/// </summary>
internal sealed class SqliteHealthCheck(FulfillmentPaths paths) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var connectionString = new SqliteConnectionStringBuilder(paths.SqliteConnectionString)
        {
            Mode = SqliteOpenMode.ReadWrite,
        }.ToString();

        try
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1;";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (SqliteException exception)
        {
            return HealthCheckResult.Unhealthy("The SQLite database cannot be opened.", exception);
        }
    }
}
