using Fulfillment.Workflows.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Fulfillment.HumanTasks.Storage;

/// <summary>
/// The inbox table. Lives in the engine's database and is written inside the engine's commit
/// transaction (see <see cref="HumanTaskCommitParticipant"/>); its migrations are its own: this type's
/// for SQLite, <see cref="PostgreSqlHumanTasksDbContext"/>'s for PostgreSQL.
/// </summary>
public class HumanTasksDbContext : DbContext
{
    public const string MigrationsHistoryTable = "__HumanTasksMigrationsHistory";

    public HumanTasksDbContext(DbContextOptions<HumanTasksDbContext> options)
        : base(options)
    {
    }

    /// <summary>For a provider's subclass, which exists to carry that provider's migrations.</summary>
    protected HumanTasksDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<HumanTaskRecord> Tasks => Set<HumanTaskRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // As in the engine's tables (UTC ticks on SQLite, timestamptz on PostgreSQL).
        configurationBuilder.StoreInstants(Database);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<HumanTaskRecord>(e =>
        {
            e.ToTable("HumanTasks");
            e.HasKey(t => t.Id);
            e.Property(t => t.Id).HasMaxLength(32);
            e.Property(t => t.InstanceId).HasMaxLength(36);
            e.Property(t => t.WorkflowId).HasMaxLength(100);
            e.Property(t => t.ActivityId).HasMaxLength(100);
            e.Property(t => t.Kind).HasMaxLength(16);
            e.Property(t => t.Status).HasMaxLength(16);
            e.Property(t => t.Role).HasMaxLength(100);
            e.Property(t => t.Assignee).HasMaxLength(256);
            e.Property(t => t.CompletionKey).HasMaxLength(200);
            e.HasIndex(t => new { t.Status, t.Role, t.DueAt });
            e.HasIndex(t => new { t.Status, t.Assignee });
            e.HasIndex(t => new { t.InstanceId, t.ActivityId });
        });
    }
}

/// <summary>The inbox table on PostgreSQL: a subclass only to carry PostgreSQL's migrations (<c>Storage/Migrations/PostgreSql</c>).</summary>
internal sealed class PostgreSqlHumanTasksDbContext(DbContextOptions<PostgreSqlHumanTasksDbContext> options) : HumanTasksDbContext(options);
