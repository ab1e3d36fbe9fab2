using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace Fulfillment.Server.Hosting;

public static class ServerOptionsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="FulfillmentServerOptions"/>, registers the resolved <see cref="FulfillmentPaths"/>,
    /// keeps Data Protection keys under the data directory, and adds the start-up tasks that prepare
    /// the data directory and the SQLite file.
    /// </summary>
    public static IServiceCollection AddFulfillmentServerOptions(this IServiceCollection services)
    {
        // Bound from IConfiguration at resolve time (not from builder.Configuration now) so that
        // configuration added late, e.g. by WebApplicationFactory in tests, is honoured.
        services.AddOptions<FulfillmentServerOptions>()
            .BindConfiguration(FulfillmentServerOptions.SectionName)
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataDirectory), "Fulfillment:DataDirectory must not be empty.")
            .ValidateOnStart();

        services.AddSingleton(sp => new FulfillmentPaths(sp.GetRequiredService<IOptions<FulfillmentServerOptions>>().Value.DataDirectory));

        // "All state lives under the data directory": without this, keys would sit in the user's
        // profile and every bearer token and cookie would die when the data directory moves.
        services.AddDataProtection().SetApplicationName("Fulfillment");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(options =>
            options.XmlRepository = new FileSystemXmlRepository(
                new DirectoryInfo(sp.GetRequiredService<FulfillmentPaths>().KeysDirectory),
                sp.GetRequiredService<ILoggerFactory>())));

        services.AddStartupTask<DataDirectoryStartupTask>();
        services.AddStartupTask<SqliteWalStartupTask>();
        return services;
    }
}
