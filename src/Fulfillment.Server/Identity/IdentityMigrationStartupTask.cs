using Fulfillment.Server.Hosting;
using Fulfillment.Workflows.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Fulfillment.Server.Identity;

/// <summary>Brings the Identity tables up to date before the first request, with the provider's migration set.</summary>
internal sealed class IdentityMigrationStartupTask(FulfillmentDatabase database) : IStartupTask
{
    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        await using AppIdentityDbContext db = database.Provider == DatabaseProvider.PostgreSql
            ? new PostgreSqlAppIdentityDbContext(database.CreateOptions<PostgreSqlAppIdentityDbContext>(AppIdentityDbContext.MigrationsHistoryTable))
            : new AppIdentityDbContext(database.CreateOptions<AppIdentityDbContext>(AppIdentityDbContext.MigrationsHistoryTable));
        await db.Database.MigrateAsync(cancellationToken);
    }
}
