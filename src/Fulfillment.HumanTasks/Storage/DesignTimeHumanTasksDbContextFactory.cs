using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Fulfillment.HumanTasks.Storage;

/// <summary>Lets <c>dotnet ef migrations add</c> build the context without a host.</summary>
internal sealed class DesignTimeHumanTasksDbContextFactory : IDesignTimeDbContextFactory<HumanTasksDbContext>
{
    public HumanTasksDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<HumanTasksDbContext>()
        .UseSqlite("Data Source=design-time.db", o => o.MigrationsHistoryTable(HumanTasksDbContext.MigrationsHistoryTable))
        .Options);
}
