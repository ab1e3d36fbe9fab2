using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Fulfillment.Workflows.EntityFrameworkCore;

/// <summary>The database engines the stores run on.</summary>
public enum DatabaseProvider
{
    /// <summary>One file, one node: the embedded default.</summary>
    Sqlite,

    /// <summary>A server that several nodes share.</summary>
    PostgreSql,
}

/// <summary>
/// The one database every module of a deployment lives in (engine, human tasks, identity, operations):
/// which provider, and where. Modules configure their contexts through it, so the provider is chosen in
/// one place, and a module's tables can be written in the engine's commit transaction.
/// </summary>
public sealed record FulfillmentDatabase(DatabaseProvider Provider, string ConnectionString)
{
    public static FulfillmentDatabase Sqlite(string connectionString) => new(DatabaseProvider.Sqlite, connectionString);

    public static FulfillmentDatabase PostgreSql(string connectionString) => new(DatabaseProvider.PostgreSql, connectionString);

    /// <summary>Points <paramref name="builder"/> at this database, with the context's own migrations history table.</summary>
    public DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, string? migrationsHistoryTable = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return Provider switch
        {
            // Each module keeps its own history table, so modules migrate independently in one database.
            // Writers of this process take turns instead of sleeping in SQLITE_BUSY retries.
            DatabaseProvider.Sqlite => builder.UseSqlite(ConnectionString, o =>
            {
                if (migrationsHistoryTable is not null)
                {
                    o.MigrationsHistoryTable(migrationsHistoryTable);
                }
            }).AddInterceptors(SqliteWriteGate.For(ConnectionString).Interceptor),
            DatabaseProvider.PostgreSql => builder.UseNpgsql(ConnectionString, o =>
            {
                if (migrationsHistoryTable is not null)
                {
                    o.MigrationsHistoryTable(migrationsHistoryTable);
                }
            }),
            _ => throw new InvalidOperationException($"Unknown database provider {Provider}."),
        };
    }

    /// <summary>Options for a context on this database, e.g. for a module's migration context.</summary>
    public DbContextOptions<TContext> CreateOptions<TContext>(string? migrationsHistoryTable = null)
        where TContext : DbContext =>
        (DbContextOptions<TContext>)Configure(new DbContextOptionsBuilder<TContext>(), migrationsHistoryTable).Options;

    /// <summary>Points <paramref name="builder"/> at an open connection of this database (e.g. a commit's).</summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, DatabaseProvider provider, DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return provider switch
        {
            DatabaseProvider.Sqlite => builder.UseSqlite(connection),
            DatabaseProvider.PostgreSql => builder.UseNpgsql(connection),
            _ => throw new InvalidOperationException($"Unknown database provider {provider}."),
        };
    }
}

public static class FulfillmentDatabaseConventions
{
    /// <summary>
    /// How instants are stored. SQLite has no date type and cannot compare or order
    /// <see cref="DateTimeOffset"/> text, so instants are UTC ticks there. PostgreSQL stores them as
    /// <c>timestamptz</c>, and Npgsql writes only UTC values to it, so they are normalised to UTC.
    /// Call from each context's <c>ConfigureConventions</c>.
    /// </summary>
    public static ModelConfigurationBuilder StoreInstants(this ModelConfigurationBuilder configurationBuilder, DatabaseFacade database)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        ArgumentNullException.ThrowIfNull(database);
        if (database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
        else
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeOffsetConverter>();
        }

        return configurationBuilder;
    }

}

/// <summary>Writes instants as UTC, the only offset Npgsql accepts for <c>timestamptz</c>.</summary>
internal sealed class UtcDateTimeOffsetConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(v => v.ToUniversalTime(), v => v);
