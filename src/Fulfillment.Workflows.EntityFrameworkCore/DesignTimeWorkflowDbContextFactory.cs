using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Fulfillment.Workflows.EntityFrameworkCore;

/// <summary>Lets <c>dotnet ef migrations add</c> build the context without a host (SQLite migrations).</summary>
internal sealed class DesignTimeWorkflowDbContextFactory : IDesignTimeDbContextFactory<WorkflowDbContext>
{
    public WorkflowDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<WorkflowDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>
/// The same for PostgreSQL's migrations (<c>--context PostgreSqlWorkflowDbContext --output-dir Migrations/PostgreSql</c>).
/// Adding a migration never connects, so the connection string only has to parse.
/// </summary>
internal sealed class DesignTimePostgreSqlWorkflowDbContextFactory : IDesignTimeDbContextFactory<PostgreSqlWorkflowDbContext>
{
    public PostgreSqlWorkflowDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlWorkflowDbContext>().UseNpgsql("Host=localhost;Database=design_time").Options);
}
