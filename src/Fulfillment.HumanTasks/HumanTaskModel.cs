using System.Text.Json.Nodes;
using Fulfillment.HumanTasks.Forms;

namespace Fulfillment.HumanTasks;

public enum HumanTaskKind
{
    Task,
    Approval,
}

public enum HumanTaskStatus
{
    Open,
    Completed,
    Cancelled,
}

public enum TaskPriority
{
    Low,
    Normal,
    High,
    Urgent,
}

/// <summary>The outcomes an approver can choose; <see cref="ChangesRequested"/> reopens the submitted tasks.</summary>
public static class ApprovalOutcomes
{
    public const string Approved = "Approved";
    public const string Rejected = "Rejected";
    public const string ChangesRequested = "ChangesRequested";

    public static IReadOnlyList<string> All { get; } = [Approved, Rejected, ChangesRequested];
}

/// <summary>A task's submission as an approver sees it: the data exactly as it was submitted.</summary>
public sealed record SubmittedTask(string ActivityId, string Title, JsonObject? Data, string? CompletedBy, DateTimeOffset? CompletedAt);

/// <summary>What a person sends to complete a task (the resume payload of its bookmark).</summary>
public sealed record TaskCompletion(string? Outcome, JsonObject Data, string? Comment, string Actor, string? IdempotencyKey);

// Commit effects: written in the same transaction as the instance state that caused them.

/// <summary>A task was opened (a new row in the inbox).</summary>
public sealed record HumanTaskOpened(
    string TaskId,
    string InstanceId,
    string WorkflowId,
    string ActivityId,
    HumanTaskKind Kind,
    string Title,
    string? Description,
    string? Role,
    string? Assignee,
    TaskPriority Priority,
    DateTimeOffset? DueAt,
    DateTimeOffset CreatedAt,
    IReadOnlyList<FormField> Form,
    IReadOnlyList<string> Outcomes,
    JsonObject? Prefill,
    IReadOnlyList<SubmittedTask>? Submitted,
    string? CorrelationId,
    int Round);

/// <summary>A task was completed; applied only if it is still open (else the commit loses a race).</summary>
public sealed record HumanTaskCompleted(string TaskId, string Outcome, JsonObject Data, string? Comment, string Actor, DateTimeOffset At, string? IdempotencyKey);

/// <summary>A task passed to a higher role after its due date.</summary>
public sealed record HumanTaskEscalated(string TaskId, string ToRole, DateTimeOffset At);
