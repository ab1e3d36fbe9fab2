using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Fulfillment.Operations.Storage;

/// <summary>Lets <c>dotnet ef migrations add</c> build the context without a host.</summary>
internal sealed class DesignTimeOperationsDbContextFactory : IDesignTimeDbContextFactory<OperationsDbContext>
{
    public OperationsDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<OperationsDbContext>()
        .UseSqlite("Data Source=design-time.db", o => o.MigrationsHistoryTable(OperationsDbContext.MigrationsHistoryTable))
        .Options);
}
