using Npgsql;

namespace Fulfillment.MultiNode.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server that test.sh starts, from <c>FULFILLMENT_TEST_POSTGRES</c> (a connection string
/// to its maintenance database). Tests make their own databases on it. Without it the tests are skipped
/// with a message saying why, except under <c>CI=true</c>, where they fail.
/// </summary>
public static class PostgreSql
{
    public const string Variable = "FULFILLMENT_TEST_POSTGRES";

    public static string? ServerConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string SkipReason =>
        $"PostgreSQL is not available: {Variable} is not set. Run ./test.sh (it installs and starts PostgreSQL), " +
        $"or set {Variable}=\"Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres\".";

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string purpose)
    {
        var server = ServerConnectionString ?? throw new InvalidOperationException(
            IsCi ? $"CI=true and {Variable} is not set: test.sh must start PostgreSQL before the tests run." : SkipReason);
        var name = $"ft_{purpose}_{Guid.NewGuid():N}"[..40].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing whatever still uses it.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        using (var pooled = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>A fact that needs PostgreSQL: skipped (with the reason) when there is none, unless under CI.</summary>
public sealed class PostgreSqlFactAttribute : FactAttribute
{
    public PostgreSqlFactAttribute()
    {
        if (PostgreSql.ServerConnectionString is null && !PostgreSql.IsCi)
        {
            Skip = PostgreSql.SkipReason;
        }
    }
}

/// <summary>A fresh database per test class (xunit class fixture), dropped afterwards.</summary>
public sealed class PostgreSqlDatabase : IAsyncLifetime
{
    private string? _connectionString;

    public string ConnectionString => _connectionString ?? throw new InvalidOperationException(PostgreSql.SkipReason);

    public async Task InitializeAsync()
    {
        if (PostgreSql.ServerConnectionString is not null || PostgreSql.IsCi)
        {
            _connectionString = await PostgreSql.CreateDatabaseAsync("class");
        }
    }

    public async Task DisposeAsync()
    {
        if (_connectionString is not null)
        {
            await PostgreSql.DropDatabaseAsync(_connectionString);
        }
    }
}
