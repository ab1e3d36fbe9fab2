using System.Text.Json;
using Fulfillment.Workflows;
using Fulfillment.Workflows.EntityFrameworkCore;
using Fulfillment.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Fulfillment.HumanTasks.Storage;

/// <summary>
/// Writes task changes inside the engine's commit transaction, on its connection: a task opens,
/// completes or escalates exactly when the instance state that caused it commits. When the
/// instance finishes (completed elsewhere, cancelled) its open tasks are cancelled in the same commit.
/// </summary>
internal sealed class HumanTaskCommitParticipant : IWorkflowCommitParticipant
{
    public async Task OnCommittingAsync(WorkflowCommitContext context, CancellationToken cancellationToken)
    {
        var commit = context.Commit;
        var effects = commit.Extras;
        var finished = commit.Instance.IsFinished;
        if (!finished && !effects.Any(e => e is HumanTaskOpened or HumanTaskCompleted or HumanTaskEscalated))
        {
            return;
        }

        await using var db = new HumanTasksDbContext(context.CreateOptions<HumanTasksDbContext>());
        await db.Database.UseTransactionAsync(context.Transaction, cancellationToken);
        foreach (var effect in effects)
        {
            switch (effect)
            {
                case HumanTaskOpened opened:
                    db.Tasks.Add(ToRecord(opened));
                    break;
                case HumanTaskCompleted completed:
                    await CompleteAsync(db, completed, cancellationToken);
                    break;
                case HumanTaskEscalated escalated:
                    await db.Tasks.Where(t => t.Id == escalated.TaskId && t.Status == nameof(HumanTaskStatus.Open))
                        .ExecuteUpdateAsync(s => s
                            .SetProperty(t => t.Role, escalated.ToRole)
                            .SetProperty(t => t.Assignee, (string?)null)
                            .SetProperty(t => t.EscalatedAt, escalated.At), cancellationToken);
                    break;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        if (finished)
        {
            await db.Tasks.Where(t => t.InstanceId == commit.Instance.Id && t.Status == nameof(HumanTaskStatus.Open))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, nameof(HumanTaskStatus.Cancelled)), cancellationToken);
        }
    }

    private static async Task CompleteAsync(HumanTasksDbContext db, HumanTaskCompleted completed, CancellationToken cancellationToken)
    {
        var data = completed.Data.ToJsonString();
        var updated = await db.Tasks
            .Where(t => t.Id == completed.TaskId && t.Status == nameof(HumanTaskStatus.Open))
            .ExecuteUpdateAsync(s => s
                .SetProperty(t => t.Status, nameof(HumanTaskStatus.Completed))
                .SetProperty(t => t.Outcome, completed.Outcome)
                .SetProperty(t => t.DataJson, data)
                .SetProperty(t => t.Comment, completed.Comment)
                .SetProperty(t => t.CompletedBy, completed.Actor)
                .SetProperty(t => t.CompletedAt, completed.At)
                .SetProperty(t => t.CompletionKey, completed.IdempotencyKey), cancellationToken);
        if (updated == 0)
        {
            // Someone else completed (or cancelled) it first: this whole commit must lose.
            throw new ConcurrencyConflictException($"Task {completed.TaskId} is no longer open.");
        }
    }

    private static HumanTaskRecord ToRecord(HumanTaskOpened task) => new()
    {
        Id = task.TaskId,
        InstanceId = task.InstanceId,
        WorkflowId = task.WorkflowId,
        ActivityId = task.ActivityId,
        Kind = task.Kind.ToString(),
        Title = task.Title,
        Description = task.Description,
        Role = task.Role,
        Assignee = task.Assignee,
        Status = nameof(HumanTaskStatus.Open),
        Priority = (int)task.Priority,
        DueAt = task.DueAt?.ToUniversalTime(),
        CreatedAt = task.CreatedAt,
        CorrelationId = task.CorrelationId,
        Round = task.Round,
        FormJson = JsonSerializer.Serialize(task.Form, WorkflowJson.Options),
        OutcomesJson = JsonSerializer.Serialize(task.Outcomes, WorkflowJson.Options),
        DataJson = task.Prefill?.ToJsonString(),
        SubmittedJson = task.Submitted is null ? null : JsonSerializer.Serialize(task.Submitted, WorkflowJson.Options),
    };
}
