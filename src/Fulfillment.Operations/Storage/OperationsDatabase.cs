using Fulfillment.Workflows.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Fulfillment.Operations.Storage;

/// <summary>
/// Applies the operations schema's migrations (SQLite's or PostgreSQL's set, after the provider) under
/// its own history table in the engine's database.
/// </summary>
public sealed class OperationsDatabase(FulfillmentDatabase database)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using OperationsDbContext db = database.Provider == DatabaseProvider.PostgreSql
            ? new PostgreSqlOperationsDbContext(database.CreateOptions<PostgreSqlOperationsDbContext>(OperationsDbContext.MigrationsHistoryTable))
            : new OperationsDbContext(database.CreateOptions<OperationsDbContext>(OperationsDbContext.MigrationsHistoryTable));
        await db.Database.MigrateAsync(cancellationToken);
    }
}
