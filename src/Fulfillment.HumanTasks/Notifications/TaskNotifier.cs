using System.Text.Json.Nodes;
using Fulfillment.HumanTasks.Storage;
using Fulfillment.Messaging;
using Fulfillment.Messaging.Templates;
using Fulfillment.Workflows.Sdk;
using Microsoft.EntityFrameworkCore;

namespace Fulfillment.HumanTasks.Notifications;

/// <summary>
/// E-mails about tasks (assigned, reminder, escalated, changes requested), one per recipient,
/// rendered now and sent through the outbox after the instance commits.
/// </summary>
public sealed class TaskNotifier(
    EmailTemplateRenderer renderer,
    IUserDirectory users,
    IEnumerable<ITaskLinkIssuer> linkIssuers,
    IDbContextFactory<HumanTasksDbContext> tasks)
{
    private readonly ITaskLinkIssuer? _links = linkIssuers.LastOrDefault();

    public const string Assigned = "task-assigned";
    public const string Reminder = "task-reminder";
    public const string Escalated = "task-escalated";
    public const string ChangesRequested = "changes-requested";

    /// <summary>
    /// Sends <paramref name="template"/> to whoever holds the task now: claims, delegation and
    /// escalation change the task's row after it opened, so the row decides, not the opening.
    /// </summary>
    public async Task NotifyCurrentHoldersAsync(ActivityContext context, HumanTaskOpened task, string template)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(task);
        await using var db = await tasks.CreateDbContextAsync(context.CancellationToken);
        var current = await db.Tasks.AsNoTracking()
            .Where(t => t.Id == task.TaskId)
            .Select(t => new { t.Assignee, t.Role })
            .FirstOrDefaultAsync(context.CancellationToken);
        await NotifyAsync(context, current is null ? task : task with { Assignee = current.Assignee, Role = current.Role }, template);
    }

    /// <summary>Sends <paramref name="template"/> about <paramref name="task"/> to its assignee, or else to everyone in its role.</summary>
    public async Task NotifyAsync(ActivityContext context, HumanTaskOpened task, string template, string? role = null, string? comment = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(task);
        var recipients = task.Assignee is { } assignee && role is null
            ? [assignee]
            : await users.GetEmailsInRoleAsync(role ?? task.Role ?? string.Empty, context.CancellationToken);
        foreach (var recipient in recipients)
        {
            var links = _links?.Issue(task.TaskId, task.Kind, recipient);
            var model = new JsonObject
            {
                ["title"] = task.Title,
                ["description"] = task.Description,
                ["kind"] = task.Kind.ToString(),
                ["role"] = role ?? task.Role,
                ["dueAt"] = task.DueAt?.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture),
                ["workflowId"] = task.WorkflowId,
                ["comment"] = comment,
                ["openUrl"] = links?.Open,
                ["approveUrl"] = links?.Approve,
                ["rejectUrl"] = links?.Reject,
            };
            var rendered = renderer.Render(template, model);
            var payload = new EmailPayload([recipient], [], rendered.Subject, rendered.Html, rendered.Text, template);

            // One message per recipient and purpose, stable when this execution is repeated after a crash.
            context.SendMessage(EmailPayload.Kind, JsonNode.Parse(payload.ToJson())!, $"{context.IdempotencyKey}/{template}/{task.TaskId}/{recipient}");
        }
    }
}
