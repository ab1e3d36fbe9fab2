namespace Fulfillment.Workflows.EntityFrameworkCore.Entities;

/// <summary>One version (draft or published) of a workflow definition.</summary>
public sealed class WorkflowDefinitionRecord
{
    public required string WorkflowId { get; set; }

    public int Version { get; set; }

    public bool IsPublished { get; set; }

    public required string Name { get; set; }

    public required string Json { get; set; }

    public required string ContentHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? PublishedAt { get; set; }
}

public sealed class WorkflowInstanceRecord
{
    public required string Id { get; set; }

    public required string WorkflowId { get; set; }

    public int Version { get; set; }

    public required string Status { get; set; }

    public string? CorrelationId { get; set; }

    /// <summary>The serialised <see cref="Runtime.InstanceState"/>.</summary>
    public required string StateJson { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency token.</summary>
    public long Revision { get; set; }

    /// <summary>While Running: the node carrying the instance on, burst after burst (see <see cref="LockedUntil"/>).</summary>
    public string? LockedBy { get; set; }

    /// <summary>While Running: until when <see cref="LockedBy"/> holds it; after that a recovery pass may take it over.</summary>
    public DateTimeOffset? LockedUntil { get; set; }
}

/// <summary>Index of waiting bookmarks by key; the instance state holds the same bookmarks.</summary>
public sealed class BookmarkRecord
{
    public required string Id { get; set; }

    public required string InstanceId { get; set; }

    public required string Key { get; set; }

    public required string ActivityId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Set for timers: when the scheduler should resume this bookmark.</summary>
    public DateTimeOffset? DueAt { get; set; }

    /// <summary>The scheduler's (Hangfire's) job for this timer, so cancelling needs no search.</summary>
    public string? SchedulerJobId { get; set; }

    /// <summary>The node resuming this bookmark right now (firing the timer, delivering a queued event).</summary>
    public string? LockedBy { get; set; }

    /// <summary>Until when <see cref="LockedBy"/> holds it; after that another node may resume it.</summary>
    public DateTimeOffset? LockedUntil { get; set; }
}

public sealed class JournalEntryRecord
{
    public long Id { get; set; }

    public required string InstanceId { get; set; }

    public DateTimeOffset At { get; set; }

    public required string Kind { get; set; }

    public required string Actor { get; set; }

    public string? ActivityId { get; set; }

    public string? ActivityType { get; set; }

    public string? ActivityName { get; set; }

    public string? Outcome { get; set; }

    public string? Message { get; set; }

    public string? DataJson { get; set; }

    /// <summary>The node whose burst wrote the entry.</summary>
    public string? Node { get; set; }
}

public sealed class OutboxMessageRecord
{
    public Guid Id { get; set; }

    public required string Kind { get; set; }

    public required string IdempotencyKey { get; set; }

    public required string PayloadJson { get; set; }

    public string? InstanceId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Pending, Dispatched or Failed.</summary>
    public required string Status { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset? NextAttemptAt { get; set; }

    public DateTimeOffset? DispatchedAt { get; set; }

    /// <summary>While Dispatching: the lease, after which another dispatcher may take the message over.</summary>
    public DateTimeOffset? LockedUntil { get; set; }

    /// <summary>While Dispatching: the node sending it.</summary>
    public string? LockedBy { get; set; }

    public string? LastError { get; set; }
}

/// <summary>A workflow that starts on a cron schedule; <see cref="NextDueAt"/> is claimed occurrence by occurrence.</summary>
public sealed class WorkflowScheduleRecord
{
    public required string WorkflowId { get; set; }

    public required string Cron { get; set; }

    public DateTimeOffset NextDueAt { get; set; }
}

/// <summary>An event that arrived before anybody waited on its key.</summary>
public sealed class StimulusRecord
{
    public Guid Id { get; set; }

    public required string Key { get; set; }

    public string? PayloadJson { get; set; }

    public required string Actor { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
