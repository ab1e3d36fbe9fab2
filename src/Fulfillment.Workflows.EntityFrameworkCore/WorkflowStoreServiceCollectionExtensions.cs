using Fulfillment.Workflows.Definitions;
using Fulfillment.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fulfillment.Workflows.EntityFrameworkCore;

public static class WorkflowStoreServiceCollectionExtensions
{
    /// <summary>
    /// Stores definitions and instances in <paramref name="database"/> (SQLite or PostgreSQL; migrated by
    /// <see cref="WorkflowDatabase.MigrateAsync"/>). Registers the <see cref="FulfillmentDatabase"/> too, so
    /// modules that keep their tables in the engine's database (and write them in its commits) find it.
    /// </summary>
    /// <param name="configure">Further EF options, e.g. interceptors for diagnostics or fault injection in tests.</param>
    public static IServiceCollection AddWorkflowStore(
        this IServiceCollection services, Func<IServiceProvider, FulfillmentDatabase> database, Action<DbContextOptionsBuilder>? configure = null)
    {
        services.AddSingleton(database);
        services.AddPooledDbContextFactory<WorkflowDbContext>((sp, o) =>
        {
            // The caller's interceptors first: the SQLite write gate's turn is the last thing taken before BEGIN.
            configure?.Invoke(o);
            sp.GetRequiredService<FulfillmentDatabase>().Configure(o);
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

    /// <inheritdoc cref="AddWorkflowStore(IServiceCollection, Func{IServiceProvider, FulfillmentDatabase}, Action{DbContextOptionsBuilder}?)"/>
    public static IServiceCollection AddWorkflowStore(
        this IServiceCollection services, FulfillmentDatabase database, Action<DbContextOptionsBuilder>? configure = null) =>
        services.AddWorkflowStore(_ => database, configure);

    /// <summary>Shorthand for <see cref="AddWorkflowStore(IServiceCollection, FulfillmentDatabase, Action{DbContextOptionsBuilder}?)"/> on a SQLite file.</summary>
    public static IServiceCollection AddWorkflowSqliteStore(
        this IServiceCollection services, string connectionString, Action<DbContextOptionsBuilder>? configure = null) =>
        services.AddWorkflowStore(FulfillmentDatabase.Sqlite(connectionString), configure);
}

/// <summary>Schema management for the engine's database.</summary>
public sealed class WorkflowDatabase(FulfillmentDatabase database)
{
    /// <summary>
    /// Applies pending migrations: those of <see cref="WorkflowDbContext"/> on SQLite (then sets SQLite up
    /// for concurrent readers, WAL), those of <see cref="PostgreSqlWorkflowDbContext"/> on PostgreSQL.
    /// </summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using WorkflowDbContext db = database.Provider == DatabaseProvider.PostgreSql
            ? new PostgreSqlWorkflowDbContext(database.CreateOptions<PostgreSqlWorkflowDbContext>())
            : new WorkflowDbContext(database.CreateOptions<WorkflowDbContext>());
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }
}
