using System.Net;
using Fulfillment.Server.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fulfillment.Studio.Tests.Infrastructure;

/// <summary>
/// The real server on Kestrel, on a free loopback port, with demo data and its own temporary data
/// directory: a browser needs a real socket, which the in-memory test server does not give.
/// </summary>
public sealed class StudioServer : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings = new(StringComparer.Ordinal);

    public StudioServer()
    {
        DataDirectory = Directory.CreateTempSubdirectory("fulfillment-studio-tests-").FullName;
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
    }

    public string DataDirectory { get; }

    /// <summary>A server whose business time moves only when <c>POST /api/simulation/advance</c> says so.</summary>
    public static StudioServer WithSimulatedClock()
    {
        var server = new StudioServer();
        server._settings[$"{FulfillmentServerOptions.SectionName}:{nameof(FulfillmentServerOptions.Clock)}"] = "Simulated";
        return server;
    }

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:41234/</c>; starts it on first use.</summary>
    public Uri BaseAddress
    {
        get
        {
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
            return new Uri(addresses.Single().TrimEnd('/') + "/");
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{FulfillmentServerOptions.SectionName}:{nameof(FulfillmentServerOptions.DataDirectory)}"] = DataDirectory,
            [$"{FulfillmentServerOptions.SectionName}:{nameof(FulfillmentServerOptions.DemoData)}"] = "true",
        }).AddInMemoryCollection(_settings));
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        // SQLite's pooled connections would keep the files open.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
