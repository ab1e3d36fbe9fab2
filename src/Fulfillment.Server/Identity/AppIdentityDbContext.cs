using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Fulfillment.Server.Identity;

/// <summary>
/// Users, roles and their claims. Lives in the same database as the workflow engine so one data
/// directory (or one PostgreSQL database) holds everything; its migration history has its own table so
/// the engine's migrations and these never see each other's rows. This type's migrations are SQLite's;
/// PostgreSQL's belong to <see cref="PostgreSqlAppIdentityDbContext"/>.
/// </summary>
public class AppIdentityDbContext : IdentityDbContext<AppUser>
{
    internal const string MigrationsHistoryTable = "__IdentityMigrationsHistory";

    public AppIdentityDbContext(DbContextOptions<AppIdentityDbContext> options)
        : base(options)
    {
    }

    /// <summary>For a provider's subclass, which exists to carry that provider's migrations.</summary>
    protected AppIdentityDbContext(DbContextOptions options)
        : base(options)
    {
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<AppUser>().Property(user => user.DisplayName).HasMaxLength(256);
    }
}

/// <summary>The Identity tables on PostgreSQL: a subclass only to carry PostgreSQL's migrations (<c>Identity/Migrations/PostgreSql</c>).</summary>
internal sealed class PostgreSqlAppIdentityDbContext(DbContextOptions<PostgreSqlAppIdentityDbContext> options) : AppIdentityDbContext(options);

/// <summary>Lets <c>dotnet ef migrations add --context PostgreSqlAppIdentityDbContext --output-dir Identity/Migrations/PostgreSql</c> build the context without a host.</summary>
internal sealed class DesignTimePostgreSqlAppIdentityDbContextFactory : IDesignTimeDbContextFactory<PostgreSqlAppIdentityDbContext>
{
    public PostgreSqlAppIdentityDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<PostgreSqlAppIdentityDbContext>()
        .UseNpgsql("Host=localhost;Database=design_time", o => o.MigrationsHistoryTable(AppIdentityDbContext.MigrationsHistoryTable))
        .Options);
}
