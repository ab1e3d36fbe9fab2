using Fulfillment.Server.Hosting;
using Fulfillment.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Fulfillment.Server.Tests.Hosting;

public sealed class StartupTests(FulfillmentServerFactory factory) : IClassFixture<FulfillmentServerFactory>
{
    [Fact]
    public void Paths_point_into_the_configured_data_directory()
    {
        var paths = factory.Services.GetRequiredService<FulfillmentPaths>();

        paths.DataDirectory.ShouldBe(factory.DataDirectory);
        paths.DatabasePath.ShouldBe(Path.Combine(factory.DataDirectory, "fulfillment.db"));
        paths.MailDirectory.ShouldBe(Path.Combine(factory.DataDirectory, "mail"));
    }

    [Fact]
    public void Start_up_creates_the_data_folders_and_the_database()
    {
        _ = factory.Services; // starts the server

        File.Exists(factory.Paths.DatabasePath).ShouldBeTrue();
        Directory.Exists(factory.Paths.MailDirectory).ShouldBeTrue();
    }

    [Fact]
    public async Task Database_runs_in_wal_mode()
    {
        _ = factory.Services;

        await using var connection = new SqliteConnection(factory.Paths.SqliteConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";

        ((string?)await command.ExecuteScalarAsync()).ShouldBe("wal");
    }
}
