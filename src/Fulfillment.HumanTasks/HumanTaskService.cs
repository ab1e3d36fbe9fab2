using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fulfillment.HumanTasks.Activities;
using Fulfillment.HumanTasks.Forms;
using Fulfillment.HumanTasks.Live;
using Fulfillment.HumanTasks.Notifications;
using Fulfillment.HumanTasks.Storage;
using Fulfillment.Workflows;
using Fulfillment.Workflows.Definitions;
using Fulfillment.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Fulfillment.HumanTasks;

/// <summary>A task as the inbox and the task page show it.</summary>
public sealed record HumanTaskView(
    string Id,
    string InstanceId,
    string WorkflowId,
    string ActivityId,
    HumanTaskKind Kind,
    string Title,
    string? Description,
    string? Role,
    string? Assignee,
    HumanTaskStatus Status,
    TaskPriority Priority,
    DateTimeOffset? DueAt,
    bool Overdue,
    DateTimeOffset CreatedAt,
    string? CorrelationId,
    int Round,
    TaskForm Form,
    IReadOnlyList<string> Outcomes,
    JsonObject? Data,
    IReadOnlyList<SubmittedTask>? Submitted,
    string? Outcome,
    string? Comment,
    string? CompletedBy,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? EscalatedAt);

public sealed record TaskForm(IReadOnlyList<FormField> Fields);

/// <summary>Why a task operation was refused; the API maps each to its status code.</summary>
public enum TaskRefusal
{
    NotFound,
    Forbidden,
    Conflict,
    Invalid,
}

public sealed class TaskOperationException(TaskRefusal refusal, string message, IReadOnlyList<ValidationError>? errors = null) : Exception(message)
{
    public TaskRefusal Refusal { get; } = refusal;

    public IReadOnlyList<ValidationError> Errors { get; } = errors ?? [];
}

/// <summary>
/// The inbox and everything people do with tasks. Completing resumes the task's bookmark through
/// the runtime, so the task row, the instance state and the journal change in one transaction;
/// claiming, releasing and delegating change only who the task is for.
/// </summary>
public sealed class HumanTaskService(
    IDbContextFactory<HumanTasksDbContext> contexts,
    WorkflowRuntime runtime,
    IUserDirectory users,
    TaskChangeNotifier changes,
    TimeProvider clock)
{
    private const string Open = nameof(HumanTaskStatus.Open);

    /// <summary>The user's inbox: tasks for them or (unclaimed) for their roles; overdue first, then by due date and priority.</summary>
    public async Task<IReadOnlyList<HumanTaskView>> InboxAsync(ClaimsPrincipal user, HumanTaskStatus status, CancellationToken cancellationToken)
    {
        var email = Email(user);
        var roles = Roles(user);
        var text = status.ToString();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Tasks.AsNoTracking()
            .Where(t => t.Status == text && (t.Assignee == email || (t.Assignee == null && t.Role != null && roles.Contains(t.Role))))
            .OrderBy(t => t.DueAt == null)
            .ThenBy(t => t.DueAt)
            .ThenByDescending(t => t.Priority)
            .ThenBy(t => t.CreatedAt)
            .Take(500)
            .ToListAsync(cancellationToken);

        // Ordered by due date, overdue tasks already come first; the view marks them.
        return rows.Select(ToView).ToList();
    }

    public async Task<HumanTaskView> GetAsync(string taskId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var task = await FindAsync(taskId, cancellationToken);
        EnsureMayAct(task, user, requireOpen: false);
        return ToView(task);
    }

    public Task<HumanTaskView> ClaimAsync(string taskId, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        AssignAsync(taskId, user, Email(user), requireUnassignedOrSelf: true, TaskChangeKind.Claimed, cancellationToken);

    public async Task<HumanTaskView> ReleaseAsync(string taskId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var task = await FindAsync(taskId, cancellationToken);
        if (task.Assignee != Email(user))
        {
            throw new TaskOperationException(TaskRefusal.Conflict, "Only the person who holds a task can release it.");
        }

        if (task.Role is null)
        {
            throw new TaskOperationException(TaskRefusal.Conflict, "This task is assigned to one person and has no role to go back to.");
        }

        return await AssignAsync(taskId, user, assignee: null, requireUnassignedOrSelf: false, TaskChangeKind.Released, cancellationToken);
    }

    /// <summary>Hands an open task to another holder of its role.</summary>
    public async Task<HumanTaskView> DelegateAsync(string taskId, ClaimsPrincipal user, string to, CancellationToken cancellationToken)
    {
        var task = await FindAsync(taskId, cancellationToken);
        if (task.Role is null || !await users.IsInRoleAsync(to, task.Role, cancellationToken))
        {
            throw new TaskOperationException(TaskRefusal.Invalid, $"{to} does not hold the role '{task.Role}'.",
                [new ValidationError("to", $"{to} does not hold the role '{task.Role}'.")]);
        }

        return await AssignAsync(taskId, user, to, requireUnassignedOrSelf: false, TaskChangeKind.Delegated, cancellationToken);
    }

    /// <summary>
    /// Completes a task with a form (or an approval with a decision). With an idempotency key, a
    /// repeat of a completion that already happened gets the same answer instead of a conflict.
    /// </summary>
    public async Task<HumanTaskView> CompleteAsync(
        string taskId, ClaimsPrincipal user, string? outcome, JsonObject? data, string? comment, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var task = await FindAsync(taskId, cancellationToken);
        if (idempotencyKey is not null && task.CompletionKey == idempotencyKey)
        {
            return ToView(task);
        }

        EnsureMayAct(task, user, requireOpen: true);
        var view = ToView(task);
        var (chosen, normalized) = Check(view, outcome, data, comment);
        var completion = new TaskCompletion(chosen, normalized, string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(), Email(user), idempotencyKey);
        var resumed = await runtime.ResumeKeyAsync(task.InstanceId, HumanTaskActivity.TaskKey(task.Id),
            JsonSerializer.SerializeToNode(completion, WorkflowJson.Options), completion.Actor, cancellationToken);
        var after = await FindAsync(taskId, cancellationToken);
        if (!resumed)
        {
            if (idempotencyKey is not null && after.CompletionKey == idempotencyKey)
            {
                return ToView(after);
            }

            throw new TaskOperationException(TaskRefusal.Conflict, $"Task '{task.Title}' is no longer open ({after.Status}).");
        }

        return ToView(after);
    }

    private static (string Outcome, JsonObject Data) Check(HumanTaskView task, string? outcome, JsonObject? data, string? comment)
    {
        var chosen = outcome ?? (task.Kind == HumanTaskKind.Approval ? null : task.Outcomes[0]);
        if (chosen is null || !task.Outcomes.Contains(chosen, StringComparer.Ordinal))
        {
            throw Invalid("outcome", $"Choose one of: {string.Join(", ", task.Outcomes)}.");
        }

        if (task.Kind == HumanTaskKind.Approval && chosen is ApprovalOutcomes.Rejected or ApprovalOutcomes.ChangesRequested && string.IsNullOrWhiteSpace(comment))
        {
            throw Invalid("comment", $"A comment is required to choose {chosen}.");
        }

        var errors = FormValidator.Validate(task.Form.Fields, data ?? [], out var normalized);
        return errors.Count > 0
            ? throw new TaskOperationException(TaskRefusal.Invalid, string.Join("; ", errors), errors)
            : (chosen, normalized);
    }

    private static TaskOperationException Invalid(string path, string message) =>
        new(TaskRefusal.Invalid, $"{path}: {message}", [new ValidationError(path, message)]);

    private async Task<HumanTaskView> AssignAsync(
        string taskId, ClaimsPrincipal user, string? assignee, bool requireUnassignedOrSelf, TaskChangeKind change, CancellationToken cancellationToken)
    {
        var task = await FindAsync(taskId, cancellationToken);
        EnsureMayAct(task, user, requireOpen: true);
        var me = Email(user);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Tasks.Where(t => t.Id == taskId && t.Status == Open);
        query = requireUnassignedOrSelf
            ? query.Where(t => t.Assignee == null || t.Assignee == me)
            : query.Where(t => t.Assignee == task.Assignee);
        if (await query.ExecuteUpdateAsync(s => s.SetProperty(t => t.Assignee, assignee), cancellationToken) == 0)
        {
            var now = await FindAsync(taskId, cancellationToken);
            throw new TaskOperationException(TaskRefusal.Conflict, (now.Status, now.Assignee) switch
            {
                (not Open, _) => $"Task '{task.Title}' is no longer open ({now.Status}).",
                (_, { } holder) => $"Task '{task.Title}' was taken by {holder} meanwhile.",
                _ => $"Task '{task.Title}' was given back to {now.Role} meanwhile.",
            });
        }

        changes.Publish([new TaskChange(change, task.InstanceId, taskId)]);
        return ToView(await FindAsync(taskId, cancellationToken));
    }

    private async Task<HumanTaskRecord> FindAsync(string taskId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Tasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == taskId, cancellationToken)
            ?? throw new TaskOperationException(TaskRefusal.NotFound, $"Task '{taskId}' was not found.");
    }

    /// <summary>The person it is assigned to, or (if unassigned) anyone in its role; Admins may always look.</summary>
    private static void EnsureMayAct(HumanTaskRecord task, ClaimsPrincipal user, bool requireOpen)
    {
        var email = Email(user);
        var allowed = task.Assignee is not null
            ? task.Assignee == email || (!requireOpen && task.Role is not null && user.IsInRole(task.Role))
            : task.Role is not null && user.IsInRole(task.Role);
        if (!allowed && !(requireOpen is false && user.IsInRole("Admin")))
        {
            if (task.Assignee is not null && task.Role is not null && user.IsInRole(task.Role))
            {
                throw new TaskOperationException(TaskRefusal.Conflict, $"Task '{task.Title}' is held by {task.Assignee}.");
            }

            throw new TaskOperationException(TaskRefusal.Forbidden, $"Task '{task.Title}' is for {task.Assignee ?? task.Role}.");
        }

        if (requireOpen && task.Status != Open)
        {
            throw new TaskOperationException(TaskRefusal.Conflict, $"Task '{task.Title}' is no longer open ({task.Status}).");
        }
    }

    private HumanTaskView ToView(HumanTaskRecord t) => new(
        t.Id, t.InstanceId, t.WorkflowId, t.ActivityId, Enum.Parse<HumanTaskKind>(t.Kind), t.Title, t.Description, t.Role, t.Assignee,
        Enum.Parse<HumanTaskStatus>(t.Status), (TaskPriority)t.Priority, t.DueAt,
        t.Status == Open && t.DueAt < clock.GetUtcNow(), t.CreatedAt, t.CorrelationId, t.Round,
        new TaskForm(JsonSerializer.Deserialize<List<FormField>>(t.FormJson, WorkflowJson.Options) ?? []),
        JsonSerializer.Deserialize<List<string>>(t.OutcomesJson, WorkflowJson.Options) ?? [],
        t.DataJson is null ? null : JsonNode.Parse(t.DataJson)!.AsObject(),
        t.SubmittedJson is null ? null : JsonSerializer.Deserialize<List<SubmittedTask>>(t.SubmittedJson, WorkflowJson.Options),
        t.Outcome, t.Comment, t.CompletedBy, t.CompletedAt, t.EscalatedAt);

    private static string Email(ClaimsPrincipal user) =>
        user.FindFirst(ClaimTypes.Email)?.Value ?? user.Identity?.Name ?? throw new TaskOperationException(TaskRefusal.Forbidden, "Sign in first.");

    private static List<string> Roles(ClaimsPrincipal user) =>
        user.FindAll(ClaimTypes.Role).Select(c => c.Value).Distinct(StringComparer.Ordinal).ToList();
}
