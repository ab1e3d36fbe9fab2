using Fulfillment.Workflows.Definitions;
using Fulfillment.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fulfillment.Workflows.EntityFrameworkCore;

public static class WorkflowStoreServiceCollectionExtensions
{
    /// <summary>Stores definitions and instances in a SQLite file (migrated by <see cref="WorkflowDatabase.MigrateAsync"/>).</summary>
    /// <param name="configure">Further EF options, e.g. interceptors for diagnostics or fault injection in tests.</param>
    public static IServiceCollection AddWorkflowSqliteStore(
        this IServiceCollection services, string connectionString, Action<DbContextOptionsBuilder>? configure = null) =>
        services.AddWorkflowSqliteStore(_ => connectionString, configure);

    /// <summary>As above, with the connection string resolved from services when first needed.</summary>
    public static IServiceCollection AddWorkflowSqliteStore(
        this IServiceCollection services, Func<IServiceProvider, string> connectionString, Action<DbContextOptionsBuilder>? configure = null)
    {
        services.AddPooledDbContextFactory<WorkflowDbContext>((sp, o) =>
        {
            o.UseSqlite(connectionString(sp));
            configure?.Invoke(o);
        });
        services.AddSingleton<IWorkflowInstanceStore, EfWorkflowInstanceStore>();
        services.AddSingleton<IWorkflowDefinitionStore, EfWorkflowDefinitionStore>();
        services.AddSingleton<IWorkflowScheduleStore, EfWorkflowScheduleStore>();
        services.AddSingleton<WorkflowInstanceQueries>();
        services.AddSingleton<WorkflowDatabase>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddOptions<OutboxOptions>();
        return services;
    }
}

/// <summary>Schema management for the engine's database.</summary>
public sealed class WorkflowDatabase(IDbContextFactory<WorkflowDbContext> contexts)
{
    /// <summary>Applies pending migrations and sets SQLite up for concurrent readers (WAL).</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }
}
