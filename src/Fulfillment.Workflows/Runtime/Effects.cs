namespace Fulfillment.Workflows.Runtime;

public enum JournalEventKind
{
    InstanceStarted,
    ActivityStarted,
    ActivityCompleted,
    ActivitySuspended,
    ActivityResumed,
    ActivityFaulted,
    InstanceCompleted,
    InstanceFaulted,
    InstanceCancelled,
    InstanceRetried,
    InstanceMigrated,
    Note,
}

/// <summary>One line of an instance's journal; committed with the state change it describes.</summary>
public sealed record JournalEntry(
    string InstanceId,
    DateTimeOffset At,
    JournalEventKind Kind,
    string Actor)
{
    public string? ActivityId { get; init; }

    public string? ActivityType { get; init; }

    public string? ActivityName { get; init; }

    public string? Outcome { get; init; }

    public string? Message { get; init; }

    public string? DataJson { get; init; }

    /// <summary>The node (<see cref="WorkflowEngineOptions.NodeName"/>) whose burst wrote the entry.</summary>
    public string? Node { get; init; }
}

/// <summary>A message to the outside world, stored in the outbox within the state-change transaction.</summary>
public sealed record OutboxMessage(
    Guid Id,
    string Kind,
    string IdempotencyKey,
    string PayloadJson,
    string? InstanceId,
    DateTimeOffset CreatedAt);

/// <summary>What one execution burst produced besides the new instance state.</summary>
internal sealed class BurstEffects
{
    public List<JournalEntry> Journal { get; } = [];

    public List<OutboxMessage> Outbox { get; } = [];

    /// <summary>Module records (e.g. human tasks) that commit with the instance; see <c>ActivityContext.AddCommitEffect</c>.</summary>
    public List<object> Extras { get; } = [];
}
