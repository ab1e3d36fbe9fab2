using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Fulfillment.Workflows.Runtime;

public enum WorkflowStatus
{
    Running,
    Suspended,
    Completed,
    Faulted,
    Cancelled,
}

/// <summary>A running (or finished) workflow: identity, status and its serialisable state.</summary>
public sealed class WorkflowInstance
{
    public required string Id { get; init; }

    public required string WorkflowId { get; init; }

    public required int Version { get; init; }

    public string? CorrelationId { get; init; }

    public WorkflowStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency token: bumped by every commit; a commit based on an older value loses.</summary>
    public long Revision { get; set; }

    public InstanceState State { get; init; } = new();

    public bool IsFinished => Status is WorkflowStatus.Completed or WorkflowStatus.Cancelled;
}

/// <summary>
/// Everything needed to continue an instance after a restart. Serialised as one JSON document
/// on the instance row, so a commit writes it atomically with bookmarks, journal and outbox.
/// </summary>
public sealed class InstanceState
{
    public JsonObject Variables { get; init; } = [];

    public JsonNode? Input { get; init; }

    public JsonNode? Output { get; set; }

    /// <summary>Activities scheduled but not yet executed, in order.</summary>
    public List<WorkItem> Queue { get; init; } = [];

    public List<BookmarkState> Bookmarks { get; init; } = [];

    /// <summary>Per-node private state (e.g. a join's arrivals), keyed by activity id.</summary>
    public Dictionary<string, JsonObject> ActivityStates { get; init; } = [];

    public Incident? Incident { get; set; }

    /// <summary>Bumped on every variable change so expression scopes know when to re-sync.</summary>
    [JsonIgnore]
    public long VariablesVersion { get; private set; }

    public void SetVariable(string name, JsonNode? value)
    {
        Variables[name] = value?.DeepClone();
        VariablesVersion++;
    }

    internal JsonObject ActivityStateFor(string activityId)
    {
        if (!ActivityStates.TryGetValue(activityId, out var state))
        {
            state = [];
            ActivityStates[activityId] = state;
        }

        return state;
    }
}

/// <summary>An activity scheduled to run, and the connection that scheduled it.</summary>
public sealed record WorkItem(string ActivityId, string? FromActivityId = null, string? Outcome = null);

/// <summary>A path waiting for a stimulus on an explicit, readable <paramref name="Key"/>.</summary>
public sealed record BookmarkState(string Id, string Key, string ActivityId, DateTimeOffset CreatedAt, JsonNode? Data = null)
{
    /// <summary>When set, this bookmark is a timer: the scheduler resumes it at this instant.</summary>
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>A timer that ends its activity's wait by the <c>TimedOut</c> outcome instead of resuming the activity.</summary>
    public bool IsTimeout { get; init; }

    internal static string CreateId() => Guid.CreateVersion7().ToString("N");
}

/// <summary>Why an instance is faulted, and what to run again when an operator retries it.</summary>
public sealed record Incident(string ActivityId, string Message, string ExceptionType, DateTimeOffset At)
{
    /// <summary>The work item to run again on retry (null when the fault happened while resuming a bookmark).</summary>
    public WorkItem? RetryItem { get; init; }

    public string? Details { get; init; }
}
