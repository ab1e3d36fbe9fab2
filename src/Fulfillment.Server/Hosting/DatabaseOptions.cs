using Fulfillment.Workflows.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Fulfillment.Server.Hosting;

/// <summary>
/// Where the server keeps its state, from <c>Fulfillment:Database</c> (e.g. <c>Fulfillment__Database__Provider</c>)
/// and the connection string <c>ConnectionStrings:Fulfillment</c>. SQLite (the default) is the file
/// <c>&lt;data&gt;/fulfillment.db</c> and needs no connection string; PostgreSQL requires one and is what
/// several nodes share.
/// </summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Fulfillment:Database";

    public const string ConnectionStringName = "Fulfillment";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>The PostgreSQL schema of Hangfire's tables, next to the engine's in the same database.</summary>
    public string HangfireSchema { get; set; } = "hangfire";

    /// <summary>The database every module uses, resolved from the options, the connection string and the data directory.</summary>
    internal static FulfillmentDatabase Resolve(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        return options.Provider == DatabaseProvider.PostgreSql
            ? FulfillmentDatabase.PostgreSql(services.GetRequiredService<IConfiguration>().GetConnectionString(ConnectionStringName)!)
            : FulfillmentDatabase.Sqlite(services.GetRequiredService<FulfillmentPaths>().SqliteConnectionString);
    }
}
