namespace Fulfillment.HumanTasks.Storage;

/// <summary>One row of the inbox: a task or an approval, open or decided.</summary>
public sealed class HumanTaskRecord
{
    public required string Id { get; set; }

    public required string InstanceId { get; set; }

    public required string WorkflowId { get; set; }

    public required string ActivityId { get; set; }

    public required string Kind { get; set; }

    public required string Title { get; set; }

    public string? Description { get; set; }

    public string? Role { get; set; }

    /// <summary>The one person it is for (assigned, claimed or delegated); null while any holder of <see cref="Role"/> may take it.</summary>
    public string? Assignee { get; set; }

    public required string Status { get; set; }

    public int Priority { get; set; }

    public DateTimeOffset? DueAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string? CorrelationId { get; set; }

    public int Round { get; set; }

    public required string FormJson { get; set; }

    public required string OutcomesJson { get; set; }

    /// <summary>Prefilled data while open (e.g. a reopened task's earlier answers); the submitted data once completed.</summary>
    public string? DataJson { get; set; }

    public string? SubmittedJson { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public string? CompletedBy { get; set; }

    public string? Outcome { get; set; }

    public string? Comment { get; set; }

    /// <summary>The Idempotency-Key the completion came with, so a replay gets the first answer.</summary>
    public string? CompletionKey { get; set; }

    public DateTimeOffset? EscalatedAt { get; set; }
}
