using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Fulfillment.HumanTasks.Storage;

/// <summary>
/// The inbox table. Lives in the engine's database and is written inside the engine's commit
/// transaction (see <see cref="HumanTaskCommitParticipant"/>); its migrations are its own.
/// </summary>
public sealed class HumanTasksDbContext(DbContextOptions<HumanTasksDbContext> options) : DbContext(options)
{
    public const string MigrationsHistoryTable = "__HumanTasksMigrationsHistory";

    public DbSet<HumanTaskRecord> Tasks => Set<HumanTaskRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // As in the engine's tables: instants as UTC ticks, so SQLite can compare and order them.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
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
