using System.Security.Claims;
using Fulfillment.HumanTasks;

namespace Fulfillment.Server.Studio.Pages.Inbox;

/// <summary>Who a task is for, in the words the inbox and the task page use.</summary>
internal static class TaskPeople
{
    /// <summary>The signed-in user's e-mail: what tasks name as assignee and completer.</summary>
    public static string Me(ClaimsPrincipal user) =>
        user.FindFirst(ClaimTypes.Email)?.Value ?? user.Identity?.Name ?? string.Empty;

    public static string Holder(HumanTaskView task, string me) => task.Assignee switch
    {
        null => $"Anyone in {task.Role}",
        var assignee when assignee == me => "You",
        var assignee => assignee,
    };

    public static string KindLabel(HumanTaskView task) => task.Kind == HumanTaskKind.Approval ? "Approval" : "Task";
}
