using Fulfillment.Workflows.Runtime;
using Microsoft.Extensions.Logging;

namespace Fulfillment.HumanTasks.Live;

public enum TaskChangeKind
{
    Opened,
    Completed,
    Escalated,
    Claimed,
    Released,
    Delegated,

    /// <summary>The instance finished (completed or cancelled): its open tasks were closed.</summary>
    InstanceFinished,
}

/// <summary>Something happened to a task (or to all open tasks of an instance, when <see cref="TaskId"/> is null).</summary>
public sealed record TaskChange(TaskChangeKind Kind, string InstanceId, string? TaskId);

/// <summary>
/// Tells live views (the Studio inbox, the task page) that tasks changed, after the change is
/// committed: from the engine's commit observer for tasks opened, completed, escalated or closed with
/// their instance (one batch per commit), and from <see cref="HumanTaskService"/> for claims,
/// releases and delegations.
/// </summary>
public sealed class TaskChangeNotifier(ILogger<TaskChangeNotifier> logger) : ChangeFeed<IReadOnlyList<TaskChange>>(logger);
