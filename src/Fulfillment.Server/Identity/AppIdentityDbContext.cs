using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Fulfillment.Server.Identity;

/// <summary>
/// Users, roles and their claims. Lives in the same SQLite file as the workflow engine so one data
/// directory holds everything; its migration history has its own table so the engine's migrations
/// and these never see each other's rows.
/// </summary>
public sealed class AppIdentityDbContext(DbContextOptions<AppIdentityDbContext> options)
    : IdentityDbContext<AppUser>(options)
{
    internal const string MigrationsHistoryTable = "__IdentityMigrationsHistory";

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<AppUser>().Property(user => user.DisplayName).HasMaxLength(256);
    }
}
