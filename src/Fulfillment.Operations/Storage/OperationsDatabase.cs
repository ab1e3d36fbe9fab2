using Microsoft.EntityFrameworkCore;

namespace Fulfillment.Operations.Storage;

/// <summary>Applies the operations schema's migrations (its own history table in the engine's database).</summary>
public sealed class OperationsDatabase(IDbContextFactory<OperationsDbContext> contexts)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
    }
}
