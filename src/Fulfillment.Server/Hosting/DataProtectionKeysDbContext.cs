using Fulfillment.Workflows.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Fulfillment.Server.Hosting;

/// <summary>
/// The Data Protection key ring on PostgreSQL, shared by every node: a bearer token, a cookie or a
/// one-click task link protected by one node must be readable by the others. Used on PostgreSQL only
/// (SQLite keeps the keys in <c>&lt;data&gt;/keys</c>), so its migrations are PostgreSQL's.
/// </summary>
public sealed class DataProtectionKeysDbContext(DbContextOptions<DataProtectionKeysDbContext> options)
    : DbContext(options), IDataProtectionKeyContext
{
    internal const string MigrationsHistoryTable = "__DataProtectionMigrationsHistory";

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
}

/// <summary>Creates the key table before the first request (PostgreSQL only).</summary>
internal sealed class DataProtectionKeysStartupTask(FulfillmentDatabase database) : IStartupTask
{
    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        if (database.Provider != DatabaseProvider.PostgreSql)
        {
            return;
        }

        await using var db = new DataProtectionKeysDbContext(database.CreateOptions<DataProtectionKeysDbContext>(DataProtectionKeysDbContext.MigrationsHistoryTable));
        await db.Database.MigrateAsync(cancellationToken);
    }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the context without a host (PostgreSQL, never connected).</summary>
internal sealed class DesignTimeDataProtectionKeysDbContextFactory : IDesignTimeDbContextFactory<DataProtectionKeysDbContext>
{
    public DataProtectionKeysDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<DataProtectionKeysDbContext>()
        .UseNpgsql("Host=localhost;Database=design_time", o => o.MigrationsHistoryTable(DataProtectionKeysDbContext.MigrationsHistoryTable))
        .Options);
}
