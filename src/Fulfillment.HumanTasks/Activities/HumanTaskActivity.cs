using System.Text.Json;
using System.Text.Json.Nodes;
using Fulfillment.Workflows;
using Fulfillment.HumanTasks.Forms;
using Fulfillment.HumanTasks.Notifications;
using Fulfillment.HumanTasks.Scheduling;
using Fulfillment.Workflows.Runtime;
using Fulfillment.Workflows.Sdk;

namespace Fulfillment.HumanTasks.Activities;

/// <summary>Where a relative due date counts from.</summary>
public enum DueAnchor
{
    /// <summary>From when the task opens (that is, when the previous step completed).</summary>
    TaskOpened,

    /// <summary>From when the workflow instance started.</summary>
    InstanceStart,
}

/// <summary>
/// What user tasks and approvals share: a title, a due date with reminders and escalation, and
/// the e-mails about them. A task waits on the bookmark <c>task:&lt;task id&gt;</c>; its reminder
/// and escalation are timers of the same activity, so the whole task lives and dies with the instance.
/// </summary>
public abstract class HumanTaskActivity(TaskNotifier notifier) : Activity
{
    private const string Purpose = "purpose";

    [Input(Required = true, Description = "What the person sees in the inbox.")]
    public string Title { get; set; } = string.Empty;

    [Input(Description = "Instructions.", UIHint = "multiline")]
    public string? Description { get; set; }

    [Input(Description = "How urgent it is; the inbox sorts by it after due dates.")]
    public TaskPriority Priority { get; set; } = TaskPriority.Normal;

    [Input(Description = "Due this long after the anchor (ISO 8601, e.g. \"P2D\").")]
    public TimeSpan? Due { get; set; }

    [Input(Description = "What a relative due date counts from.")]
    public DueAnchor DueFrom { get; set; } = DueAnchor.TaskOpened;

    [Input(Description = "A fixed due instant (usually an expression, e.g. a date from a form); wins over Due.")]
    public DateTimeOffset? DueAt { get; set; }

    [Input(Description = "Count whole days of Due as business days (Monday to Friday).")]
    public bool BusinessDays { get; set; }

    [Input(Description = "Send the assignees a reminder this long before the due date.")]
    public TimeSpan? RemindBefore { get; set; }

    [Input(Description = "Hand the task to EscalateTo this long after the due date (zero: at the due date).")]
    public TimeSpan? EscalateAfter { get; set; }

    [Input(Description = "The higher role that takes over an overdue task.", UIHint = "role")]
    public string? EscalateTo { get; set; }

    protected TaskNotifier Notifier { get; } = notifier;

    /// <summary>The due instant from the inputs, or null when the task has none.</summary>
    protected DateTimeOffset? ComputeDue(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (DueAt is { } fixedDue)
        {
            return fixedDue.ToUniversalTime();
        }

        if (Due is not { } duration)
        {
            return null;
        }

        var anchor = DueFrom == DueAnchor.InstanceStart ? context.InstanceCreatedAt : context.Now;
        return DueDates.Add(anchor, duration, BusinessDays);
    }

    /// <summary>
    /// Opens a task with this activity's title, due date, reminder and escalation: its row (with the
    /// instance's commit), its bookmark and timers on the <paramref name="context"/>'s node, and the
    /// e-mail to its people. An approval opens the tasks it reopens through the original task's activity.
    /// </summary>
    internal async Task<HumanTaskOpened> OpenAsync(
        ActivityContext context,
        HumanTaskKind kind,
        string? role,
        string? assignee,
        IReadOnlyList<FormField> form,
        IReadOnlyList<string> outcomes,
        JsonObject? prefill,
        IReadOnlyList<SubmittedTask>? submitted,
        int round,
        string template = TaskNotifier.Assigned,
        string? comment = null,
        string? activityId = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var due = ComputeDue(context);
        var task = new HumanTaskOpened(
            Guid.CreateVersion7().ToString("N"), context.InstanceId, context.WorkflowId, activityId ?? context.ActivityId, kind,
            Title, Description, role, assignee, Priority, due, context.Now, form, outcomes, prefill, submitted,
            context.CorrelationId, round);
        context.Suspend(TaskKey(task.TaskId));
        if (due is { } dueAt)
        {
            if (RemindBefore is { } before && dueAt - before > context.Now)
            {
                context.SuspendUntil(dueAt - before, Marker(task.TaskId, "remind"));
            }

            if (!string.IsNullOrWhiteSpace(EscalateTo))
            {
                context.SuspendUntil(dueAt + (EscalateAfter ?? TimeSpan.Zero), Marker(task.TaskId, "escalate"));
            }
        }

        context.AddCommitEffect(task);
        await Notifier.NotifyAsync(context, task, template, comment: comment);
        return task;
    }

    /// <summary>
    /// Handles a reminder or escalation timer of an open task. True when it was one (the activity
    /// keeps waiting); false when the resume is a completion the caller must handle.
    /// </summary>
    internal async Task<bool> HandleTimerAsync(ActivityContext context, HumanTaskOpened task)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(task);
        var purpose = context.ResumedBy?.Data?[Purpose]?.GetValue<string>();
        switch (purpose)
        {
            case "remind":
                await Notifier.NotifyCurrentHoldersAsync(context, task, TaskNotifier.Reminder);
                context.Journal($"Reminder sent for '{task.Title}' (due {task.DueAt:u})");
                context.KeepWaiting();
                return true;
            case "escalate" when EscalateTo is { } higher:
                context.AddCommitEffect(new HumanTaskEscalated(task.TaskId, higher, context.Now));
                await Notifier.NotifyAsync(context, task with { Role = higher, Assignee = null }, TaskNotifier.Escalated, role: higher);
                context.Journal($"'{task.Title}' is overdue: escalated from {task.Role ?? task.Assignee} to {higher}");
                context.KeepWaiting();
                return true;
            default:
                return false;
        }
    }

    /// <summary>The completion a person sent, as the task service resumes the bookmark with it.</summary>
    protected static TaskCompletion ReadCompletion(JsonNode? payload) =>
        payload?.Deserialize<TaskCompletion>(WorkflowJson.Options) ?? throw new WorkflowFaultException("A task was resumed without a completion.");

    public static string TaskKey(string taskId) => $"task:{taskId}";

    /// <summary>The task a reminder or escalation timer belongs to (null for other resumes).</summary>
    internal static string? TimerTaskId(ActivityContext context) => context.ResumedBy?.Data?["taskId"]?.GetValue<string>();

    private static JsonObject Marker(string taskId, string purpose) => new() { [Purpose] = purpose, ["taskId"] = taskId };
}
