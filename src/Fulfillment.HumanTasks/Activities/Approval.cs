using System.Text.Json;
using System.Text.Json.Nodes;
using Fulfillment.HumanTasks.Notifications;
using Fulfillment.Workflows;
using Fulfillment.Workflows.Definitions;
using Fulfillment.Workflows.Descriptors;
using Fulfillment.Workflows.Sdk;

namespace Fulfillment.HumanTasks.Activities;

/// <summary>
/// An approval gate as in the seeds ("Approval: Warehouse Manager — will be submitted for
/// approval: Check product availability"). The approver sees the submitted tasks' data as it was
/// submitted and decides: Approved or Rejected (with a comment) leave by those outcomes;
/// ChangesRequested reopens exactly the submitted tasks for the people who did them and, when
/// they are all done again, returns to the approver.
/// </summary>
[Activity("Human tasks", "Approval", Description = "An approver role decides on the data of the tasks submitted to it.",
    Outcomes = [ApprovalOutcomes.Approved, ApprovalOutcomes.Rejected])]
public sealed class Approval(TaskNotifier notifier) : HumanTaskActivity(notifier), IValidatingActivity
{
    [Input(Required = true, Description = "The role that decides.", UIHint = "role")]
    public string ApproverRole { get; set; } = string.Empty;

    [Input(Description = "The ids of the steps whose data is submitted for this approval: user tasks, or system steps that record their result.", UIHint = "activity-list")]
    public IReadOnlyList<string> Submits { get; set; } = [];

    [Output(Description = "Approved or Rejected.")]
    public string? Decision { get; set; }

    [Output(Description = "The approver's comment.")]
    public string? Comment { get; set; }

    [Output(Description = "Who decided.")]
    public string? DecidedBy { get; set; }

    public override async ValueTask ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // A new pass through the gate (e.g. after Rejected and rework upstream) starts from the tasks' own answers.
        context.ActivityState.Remove("rework");
        context.ActivityState.Remove("resubmitted");
        await OpenApprovalAsync(context, round: 1);
    }

    public override async ValueTask ResumeAsync(ActivityContext context, JsonNode? payload)
    {
        ArgumentNullException.ThrowIfNull(context);
        var state = context.ActivityState;
        var resumedTaskId = context.ResumedBy?.Key is { } key && key.StartsWith("task:", StringComparison.Ordinal) ? key["task:".Length..] : null;
        if (state["rework"] is JsonObject rework)
        {
            if (resumedTaskId is not null && rework[resumedTaskId] is { } reopened)
            {
                await ReworkDoneAsync(context, rework, resumedTaskId, reopened.Deserialize<HumanTaskOpened>(WorkflowJson.Options)!, ReadCompletion(payload));
                return;
            }

            // A reopened task's reminder or escalation: handled with that task's own settings.
            if (TimerTaskId(context) is { } timerTaskId && rework[timerTaskId] is { } timed)
            {
                var task = timed.Deserialize<HumanTaskOpened>(WorkflowJson.Options)!;
                await context.CreateActivity<UserTask>(task.ActivityId).HandleTimerAsync(context, task);
                return;
            }
        }

        var approvalTask = state["task"].Deserialize<HumanTaskOpened>(WorkflowJson.Options)!;
        if (await HandleTimerAsync(context, approvalTask))
        {
            return;
        }

        var completion = ReadCompletion(payload);
        var outcome = completion.Outcome ?? ApprovalOutcomes.Approved;
        context.AddCommitEffect(new HumanTaskCompleted(approvalTask.TaskId, outcome, completion.Data, completion.Comment, completion.Actor, context.Now, completion.IdempotencyKey));
        context.Journal($"{outcome} by {completion.Actor}" + (completion.Comment is null ? string.Empty : $": {completion.Comment}"), new JsonObject
        {
            ["taskId"] = approvalTask.TaskId,
            ["outcome"] = outcome,
            ["comment"] = completion.Comment,
            ["round"] = approvalTask.Round,
            ["submitted"] = JsonSerializer.SerializeToNode(approvalTask.Submitted, WorkflowJson.Options),
        });

        if (outcome == ApprovalOutcomes.ChangesRequested)
        {
            await RequestChangesAsync(context, approvalTask, completion);
            return;
        }

        Decision = outcome;
        Comment = completion.Comment;
        DecidedBy = completion.Actor;
        context.Complete(outcome);
    }

    public static IEnumerable<ValidationError> Validate(ActivityNode node, string path)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node.Inputs.TryGetValue("submits", out var submits) && submits is JsonArray ids
            && ids.GroupBy(id => id?.ToString()).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            yield return new ValidationError($"{path}.inputs.submits", $"'{duplicate.Key}' is submitted twice.");
        }
    }

    private async Task OpenApprovalAsync(ActivityContext context, int round)
    {
        var submitted = Submits.Select(id => Submission(context, id)).ToList();
        var task = await OpenAsync(context, HumanTaskKind.Approval, ApproverRole, assignee: null, form: [], ApprovalOutcomes.All,
            prefill: null, submitted, round);
        context.ActivityState["task"] = JsonSerializer.SerializeToNode(task, WorkflowJson.Options);
    }

    /// <summary>The latest submission of a task: a rework answer if there is one, else the task's own.</summary>
    private static SubmittedTask Submission(ActivityContext context, string activityId)
    {
        var resubmitted = context.ActivityState["resubmitted"]?[activityId];
        var own = resubmitted ?? context.GetActivityState(activityId)?["submission"];
        return own?.Deserialize<SubmittedTask>(WorkflowJson.Options)
            ?? new SubmittedTask(activityId, context.GetDefinition(activityId)?.Name ?? activityId, null, null, null);
    }

    private async Task RequestChangesAsync(ActivityContext context, HumanTaskOpened approval, TaskCompletion completion)
    {
        // The approval's own timers belong to the decided approval task: only the reopened tasks' waits count now.
        context.StopOtherWaits();
        var rework = new JsonObject();
        foreach (var submitted in approval.Submitted ?? [])
        {
            // A submitted system step (its activity records its result as a submission) has no person to redo it.
            if (context.GetDefinition(submitted.ActivityId)?.Type != nameof(UserTask))
            {
                continue;
            }

            // Reopened with the original task's own title, form, due date, reminder and escalation,
            // for the person who did it, prefilled with their answers; it waits on this approval's node.
            var original = context.CreateActivity<UserTask>(submitted.ActivityId);
            var reopened = await original.OpenAsync(context, HumanTaskKind.Task, original.Role, submitted.CompletedBy ?? original.Assignee,
                original.Form, [ActivityOutcomes.Done], submitted.Data, submitted: null, approval.Round + 1,
                TaskNotifier.ChangesRequested, completion.Comment, submitted.ActivityId);
            rework[reopened.TaskId] = JsonSerializer.SerializeToNode(reopened, WorkflowJson.Options);
        }

        context.ActivityState["round"] = approval.Round;
        if (rework.Count == 0)
        {
            // Only system steps were submitted: nothing reopens, so the approver decides again on the same data
            // (Rejected is the way to send them back through the steps).
            context.Journal($"Nothing to reopen for '{approval.Title}': only system steps were submitted");
            await OpenApprovalAsync(context, approval.Round + 1);
            return;
        }

        context.ActivityState["rework"] = rework;
    }

    private async Task ReworkDoneAsync(ActivityContext context, JsonObject rework, string taskId, HumanTaskOpened reopened, TaskCompletion completion)
    {
        UserTask.Record(context, reopened, completion);

        // The answer goes where the task's own answer went, so later steps see the corrected data.
        if (context.GetDefinition(reopened.ActivityId)?.Outputs is { } outputs)
        {
            if (outputs.TryGetValue("data", out var dataVariable))
            {
                context.SetVariable(dataVariable, completion.Data);
            }

            if (outputs.TryGetValue("completedBy", out var byVariable))
            {
                context.SetVariable(byVariable, JsonValue.Create(completion.Actor));
            }
        }

        var resubmitted = context.ActivityState["resubmitted"] as JsonObject ?? [];
        resubmitted[reopened.ActivityId] = context.ActivityState["submission"]!.DeepClone();
        context.ActivityState["resubmitted"] = resubmitted;
        context.ActivityState.Remove("submission");
        rework.Remove(taskId);
        if (rework.Count > 0)
        {
            context.KeepWaiting();
            return;
        }

        context.ActivityState.Remove("rework");
        var round = (context.ActivityState["round"]?.GetValue<int>() ?? 1) + 1;
        await OpenApprovalAsync(context, round);
    }
}
