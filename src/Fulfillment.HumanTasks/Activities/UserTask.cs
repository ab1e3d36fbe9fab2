using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Fulfillment.HumanTasks.Forms;
using Fulfillment.HumanTasks.Notifications;
using Fulfillment.Workflows;
using Fulfillment.Workflows.Definitions;
using Fulfillment.Workflows.Descriptors;
using Fulfillment.Workflows.Sdk;

namespace Fulfillment.HumanTasks.Activities;

/// <summary>
/// Work for a person: it appears in the inbox of its assignee (or everyone in its role), shows a
/// form, and continues the workflow when someone completes it with valid data.
/// </summary>
[Activity("Human tasks", "User task", Description = "A task for a person or a role, with a form, a due date, reminders and escalation.")]
public sealed partial class UserTask(TaskNotifier notifier) : HumanTaskActivity(notifier), IValidatingActivity
{
    [Input(Description = "The fields the person fills in.", UIHint = "form")]
    public IReadOnlyList<FormField> Form { get; set; } = [];

    [Input(Description = "Who may do it: everyone in this role.", UIHint = "role")]
    public string? Role { get; set; }

    [Input(Description = "One person (e-mail) it is assigned to; may be an expression.")]
    public string? Assignee { get; set; }

    [Output(Description = "The submitted form data.")]
    public JsonObject? Data { get; set; }

    [Output(Description = "Who completed it.")]
    public string? CompletedBy { get; set; }

    public override async ValueTask ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrWhiteSpace(Role) && string.IsNullOrWhiteSpace(Assignee))
        {
            throw new Workflows.Runtime.WorkflowFaultException($"Task '{Title}' has neither a role nor an assignee.");
        }

        var task = await OpenAsync(context, HumanTaskKind.Task, Role, Assignee, Form, [ActivityOutcomes.Done], prefill: null, submitted: null, round: 1);
        context.ActivityState["task"] = JsonSerializer.SerializeToNode(task, WorkflowJson.Options);
    }

    public override async ValueTask ResumeAsync(ActivityContext context, JsonNode? payload)
    {
        ArgumentNullException.ThrowIfNull(context);
        var task = context.ActivityState["task"].Deserialize<HumanTaskOpened>(WorkflowJson.Options)!;
        if (await HandleTimerAsync(context, task))
        {
            return;
        }

        var completion = ReadCompletion(payload);
        Data = completion.Data;
        CompletedBy = completion.Actor;
        Record(context, task, completion);
        context.Complete(ActivityOutcomes.Done);
    }

    /// <summary>Records a completion: the row, the submission an approval will show, and the journal.</summary>
    internal static void Record(ActivityContext context, HumanTaskOpened task, TaskCompletion completion)
    {
        var at = context.Now;
        context.AddCommitEffect(new HumanTaskCompleted(task.TaskId, completion.Outcome ?? ActivityOutcomes.Done, completion.Data, completion.Comment, completion.Actor, at, completion.IdempotencyKey));
        context.ActivityState["submission"] = JsonSerializer.SerializeToNode(
            new SubmittedTask(task.ActivityId, task.Title, completion.Data, completion.Actor, at), WorkflowJson.Options);
        context.Journal($"'{task.Title}' completed by {completion.Actor}", new JsonObject
        {
            ["taskId"] = task.TaskId,
            ["data"] = completion.Data.DeepClone(),
            ["comment"] = completion.Comment,
        });
    }

    public static IEnumerable<ValidationError> Validate(ActivityNode node, string path)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (!node.Inputs.ContainsKey("role") && !node.Inputs.ContainsKey("assignee"))
        {
            yield return new ValidationError($"{path}.inputs.role", "A user task needs a role or an assignee.");
        }

        if (node.Inputs.TryGetValue("form", out var form) && form is JsonArray)
        {
            List<FormField>? fields = null;
            string? problem = null;
            try
            {
                fields = form.Deserialize<List<FormField>>(WorkflowJson.Options);
            }
            catch (JsonException ex)
            {
                problem = ex.Message;
            }

            if (problem is not null)
            {
                yield return new ValidationError($"{path}.inputs.form", $"Not a form: {FieldSuffix().Replace(problem, string.Empty)}");
            }
            else if (fields is not null)
            {
                foreach (var error in FormValidator.ValidateDefinition(fields, $"{path}.inputs.form"))
                {
                    yield return error;
                }
            }
        }
    }

    [GeneratedRegex(@" Path: .*$")]
    private static partial Regex FieldSuffix();
}
