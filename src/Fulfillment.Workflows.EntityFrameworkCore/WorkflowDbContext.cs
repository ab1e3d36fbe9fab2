using Fulfillment.Workflows.EntityFrameworkCore.Entities;
using Microsoft.EntityFrameworkCore;

namespace Fulfillment.Workflows.EntityFrameworkCore;

/// <summary>
/// The engine's tables: definitions, instances, bookmarks, journal, outbox and queued stimuli. The
/// migrations of this type are SQLite's; PostgreSQL's are those of <see cref="PostgreSqlWorkflowDbContext"/>.
/// Both providers use this type for everything else.
/// </summary>
public class WorkflowDbContext : DbContext
{
    public WorkflowDbContext(DbContextOptions<WorkflowDbContext> options)
        : base(options)
    {
    }

    /// <summary>For a provider's subclass, which exists to carry that provider's migrations.</summary>
    protected WorkflowDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<WorkflowDefinitionRecord> Definitions => Set<WorkflowDefinitionRecord>();

    public DbSet<WorkflowInstanceRecord> Instances => Set<WorkflowInstanceRecord>();

    public DbSet<BookmarkRecord> Bookmarks => Set<BookmarkRecord>();

    public DbSet<JournalEntryRecord> Journal => Set<JournalEntryRecord>();

    public DbSet<OutboxMessageRecord> Outbox => Set<OutboxMessageRecord>();

    public DbSet<StimulusRecord> Stimuli => Set<StimulusRecord>();

    public DbSet<WorkflowScheduleRecord> Schedules => Set<WorkflowScheduleRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.StoreInstants(Database);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<WorkflowDefinitionRecord>(e =>
        {
            e.ToTable("WorkflowDefinitions");
            e.HasKey(d => new { d.WorkflowId, d.Version });
            e.Property(d => d.WorkflowId).HasMaxLength(100);
            e.Property(d => d.Name).HasMaxLength(200);
            e.Property(d => d.ContentHash).HasMaxLength(64);
        });

        modelBuilder.Entity<WorkflowInstanceRecord>(e =>
        {
            e.ToTable("WorkflowInstances");
            e.HasKey(i => i.Id);
            e.Property(i => i.Id).HasMaxLength(36);
            e.Property(i => i.WorkflowId).HasMaxLength(100);
            e.Property(i => i.Status).HasMaxLength(16);
            e.Property(i => i.CorrelationId).HasMaxLength(200);
            e.Property(i => i.Revision).IsConcurrencyToken();
            e.Property(i => i.LockedBy).HasMaxLength(100);
            e.HasIndex(i => new { i.Status, i.WorkflowId });
            e.HasIndex(i => i.CorrelationId);
        });

        modelBuilder.Entity<BookmarkRecord>(e =>
        {
            e.ToTable("Bookmarks");
            e.HasKey(b => b.Id);
            e.Property(b => b.Id).HasMaxLength(32);
            e.Property(b => b.InstanceId).HasMaxLength(36);
            e.Property(b => b.Key).HasMaxLength(400);
            e.HasIndex(b => b.Key);
            e.HasIndex(b => b.InstanceId);
            e.HasIndex(b => b.DueAt);
            e.Property(b => b.SchedulerJobId).HasMaxLength(100);
            e.Property(b => b.LockedBy).HasMaxLength(100);
        });

        modelBuilder.Entity<JournalEntryRecord>(e =>
        {
            e.ToTable("JournalEntries");
            e.HasKey(j => j.Id);
            e.Property(j => j.InstanceId).HasMaxLength(36);
            e.Property(j => j.Kind).HasMaxLength(32);
            e.Property(j => j.Node).HasMaxLength(100);
            e.HasIndex(j => new { j.InstanceId, j.Id });
        });

        modelBuilder.Entity<OutboxMessageRecord>(e =>
        {
            e.ToTable("OutboxMessages");
            e.HasKey(o => o.Id);
            e.Property(o => o.Kind).HasMaxLength(100);
            e.Property(o => o.IdempotencyKey).HasMaxLength(400);
            e.Property(o => o.Status).HasMaxLength(16);
            e.Property(o => o.LockedBy).HasMaxLength(100);
            e.HasIndex(o => o.IdempotencyKey).IsUnique();
            e.HasIndex(o => new { o.Status, o.NextAttemptAt });
        });

        modelBuilder.Entity<WorkflowScheduleRecord>(e =>
        {
            e.ToTable("WorkflowSchedules");
            e.HasKey(s => s.WorkflowId);
            e.Property(s => s.WorkflowId).HasMaxLength(100);
            e.Property(s => s.Cron).HasMaxLength(100);
            e.HasIndex(s => s.NextDueAt);
        });

        modelBuilder.Entity<StimulusRecord>(e =>
        {
            e.ToTable("QueuedStimuli");
            e.HasKey(s => s.Id);
            e.Property(s => s.Key).HasMaxLength(400);
            e.HasIndex(s => s.Key);
        });
    }
}

/// <summary>
/// The engine's tables on PostgreSQL. A subclass only so that PostgreSQL has its own migration set
/// (<c>Migrations/PostgreSql</c>): EF Core binds migrations to a context type. Used to migrate; the
/// stores use <see cref="WorkflowDbContext"/> on either provider.
/// </summary>
internal sealed class PostgreSqlWorkflowDbContext(DbContextOptions<PostgreSqlWorkflowDbContext> options) : WorkflowDbContext(options);
