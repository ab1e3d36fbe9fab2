using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Fulfillment.HumanTasks.Storage;

/// <summary>Lets <c>dotnet ef migrations add</c> build the context without a host (SQLite migrations).</summary>
internal sealed class DesignTimeHumanTasksDbContextFactory : IDesignTimeDbContextFactory<HumanTasksDbContext>
{
    public HumanTasksDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<HumanTasksDbContext>()
        .UseSqlite("Data Source=design-time.db", o => o.MigrationsHistoryTable(HumanTasksDbContext.MigrationsHistoryTable))
        .Options);
}

/// <summary>The same for PostgreSQL's migrations (<c>--context PostgreSqlHumanTasksDbContext --output-dir Storage/Migrations/PostgreSql</c>).</summary>
internal sealed class DesignTimePostgreSqlHumanTasksDbContextFactory : IDesignTimeDbContextFactory<PostgreSqlHumanTasksDbContext>
{
    public PostgreSqlHumanTasksDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<PostgreSqlHumanTasksDbContext>()
        .UseNpgsql("Host=localhost;Database=design_time", o => o.MigrationsHistoryTable(HumanTasksDbContext.MigrationsHistoryTable))
        .Options);
}
