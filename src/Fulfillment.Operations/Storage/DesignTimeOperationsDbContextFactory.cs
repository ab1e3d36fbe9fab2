using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Fulfillment.Operations.Storage;

/// <summary>Lets <c>dotnet ef migrations add</c> build the context without a host (SQLite migrations).</summary>
internal sealed class DesignTimeOperationsDbContextFactory : IDesignTimeDbContextFactory<OperationsDbContext>
{
    public OperationsDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<OperationsDbContext>()
        .UseSqlite("Data Source=design-time.db", o => o.MigrationsHistoryTable(OperationsDbContext.MigrationsHistoryTable))
        .Options);
}

/// <summary>The same for PostgreSQL's migrations (<c>--context PostgreSqlOperationsDbContext --output-dir Storage/Migrations/PostgreSql</c>).</summary>
internal sealed class DesignTimePostgreSqlOperationsDbContextFactory : IDesignTimeDbContextFactory<PostgreSqlOperationsDbContext>
{
    public PostgreSqlOperationsDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<PostgreSqlOperationsDbContext>()
        .UseNpgsql("Host=localhost;Database=design_time", o => o.MigrationsHistoryTable(OperationsDbContext.MigrationsHistoryTable))
        .Options);
}
