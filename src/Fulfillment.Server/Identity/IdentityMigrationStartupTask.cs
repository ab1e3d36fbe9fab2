using Fulfillment.Server.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Fulfillment.Server.Identity;

/// <summary>Brings the Identity tables up to date before the first request.</summary>
internal sealed class IdentityMigrationStartupTask(AppIdentityDbContext db) : IStartupTask
{
    public Task ExecuteAsync(CancellationToken cancellationToken) => db.Database.MigrateAsync(cancellationToken);
}
