using System.Net.Http.Headers;
using System.Net.Http.Json;
using Fulfillment.Server.Hosting;
using Fulfillment.Server.Identity;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Fulfillment.Server.Tests.Infrastructure;

/// <summary>
/// The real server in memory, on its own SQLite file in a fresh temporary data directory (deleted on
/// dispose), in the "Testing" environment with demo data on. Share one per test class with
/// <c>IClassFixture&lt;FulfillmentServerFactory&gt;</c>; tests in a class then share its database.
/// Customise further with <c>WithWebHostBuilder</c> or by deriving and overriding <see cref="ConfigureWebHost"/>
/// (call the base method).
/// </summary>
public class FulfillmentServerFactory : WebApplicationFactory<Program>
{
    public const string EnvironmentName = "Testing";

    private readonly bool _ownsDataDirectory;
    private bool _cleanedUp;

    public FulfillmentServerFactory()
        : this(Directory.CreateTempSubdirectory("fulfillment-tests-").FullName, ownsDataDirectory: true)
    {
    }

    private FulfillmentServerFactory(string dataDirectory, bool ownsDataDirectory)
    {
        DataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
    }

    /// <summary>A server on an existing data directory, e.g. to "restart" on another server's data; the caller deletes the directory.</summary>
    public static FulfillmentServerFactory OnDataDirectory(string dataDirectory) => new(dataDirectory, ownsDataDirectory: false);

    /// <summary>Extra configuration (e.g. <c>Fulfillment:Clock</c>) applied on top of the test defaults.</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    /// <summary>The data directory of this server instance (database, mail folder, keys).</summary>
    public string DataDirectory { get; }

    /// <summary>The resolved paths the server uses, for tests that inspect files or the database.</summary>
    public FulfillmentPaths Paths => new(DataDirectory);

    /// <summary>A client signed in as <paramref name="email"/> with a bearer token from <c>POST /api/auth/login</c>.</summary>
    public async Task<HttpClient> CreateClientForAsync(string email, string password = DemoUsers.Password)
    {
        var client = CreateClient();
        try
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await LoginAsync(client, email, password));
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment(EnvironmentName);

        // Added after the server's own sources, so these win over a Fulfillment__DataDirectory that
        // happens to be set in the environment of the test run.
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{FulfillmentServerOptions.SectionName}:{nameof(FulfillmentServerOptions.DataDirectory)}"] = DataDirectory,
            [$"{FulfillmentServerOptions.SectionName}:{nameof(FulfillmentServerOptions.DemoData)}"] = "true",
        }).AddInMemoryCollection(Settings));
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_cleanedUp)
        {
            return;
        }

        _cleanedUp = true;
        GC.SuppressFinalize(this);

        // Pooled connections keep the file open; Windows would refuse the delete otherwise.
        using (var connection = new SqliteConnection(Paths.SqliteConnectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        if (!_ownsDataDirectory)
        {
            return;
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind must not fail the test run; the OS cleans the temp area.
        }
    }

    private static async Task<string> LoginAsync(HttpClient client, string email, string password)
    {
        using var response = await client.PostAsJsonAsync("/api/auth/login", new LoginRequest(email, password));
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new InvalidOperationException($"Login as {email} failed with {(int)response.StatusCode}: {body}");
        }

        var token = await response.Content.ReadFromJsonAsync<AccessTokenResponse>()
            ?? throw new InvalidOperationException($"Login as {email} returned no token.");
        return token.AccessToken;
    }
}
