using Fulfillment.Workflows.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace Fulfillment.Server.Hosting;

public static class ServerOptionsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="FulfillmentServerOptions"/> and <see cref="DatabaseOptions"/>, registers the resolved
    /// <see cref="FulfillmentPaths"/>, keeps Data Protection keys under the data directory (SQLite) or in the
    /// database (PostgreSQL), and adds the start-up tasks that prepare the data directory and the database.
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
        services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.SectionName)
            .Validate<IConfiguration>(
                (o, configuration) => o.Provider != DatabaseProvider.PostgreSql
                    || !string.IsNullOrWhiteSpace(configuration.GetConnectionString(DatabaseOptions.ConnectionStringName)),
                "Fulfillment:Database:Provider is PostgreSql, so ConnectionStrings:Fulfillment (ConnectionStrings__Fulfillment) must be set.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.HangfireSchema), "Fulfillment:Database:HangfireSchema must not be empty.")
            .ValidateOnStart();

        // "All state lives under the data directory": without this, keys would sit in the user's
        // profile and every bearer token and cookie would die when the data directory moves. Several
        // nodes must share one key ring (a token or an e-mail link made by one is read by another), so on
        // PostgreSQL the keys live in the database instead.
        services.AddDataProtection().SetApplicationName("Fulfillment");
        services.AddDbContext<DataProtectionKeysDbContext>((sp, options) =>
            sp.GetRequiredService<FulfillmentDatabase>().Configure(options, DataProtectionKeysDbContext.MigrationsHistoryTable));
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(options =>
            options.XmlRepository = sp.GetRequiredService<FulfillmentDatabase>().Provider == DatabaseProvider.PostgreSql
                ? new EntityFrameworkCoreXmlRepository<DataProtectionKeysDbContext>(sp, sp.GetRequiredService<ILoggerFactory>())
                : new FileSystemXmlRepository(
                    new DirectoryInfo(sp.GetRequiredService<FulfillmentPaths>().KeysDirectory),
                    sp.GetRequiredService<ILoggerFactory>())));

        services.AddStartupTask<DataDirectoryStartupTask>();
        services.AddStartupTask<SqliteWalStartupTask>();
        services.AddStartupTask<DataProtectionKeysStartupTask>();
        return services;
    }
}
