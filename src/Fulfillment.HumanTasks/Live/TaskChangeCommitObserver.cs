using Fulfillment.Workflows.Runtime;

namespace Fulfillment.HumanTasks.Live;

/// <summary>
/// Turns the task records of each committed burst into <see cref="TaskChange"/>s. Runs after the
/// transaction, so a view that reloads on the change sees the committed rows.
/// </summary>
internal sealed class TaskChangeCommitObserver(TaskChangeNotifier notifier) : ICommitObserver
{
    public Task OnCommittedAsync(CommitResult result, CancellationToken cancellationToken)
    {
        if (result.Commit is not { } commit)
        {
            return Task.CompletedTask;
        }

        var instanceId = commit.Instance.Id;
        var changes = new List<TaskChange>();
        foreach (var effect in commit.Extras)
        {
            switch (effect)
            {
                case HumanTaskOpened opened:
                    changes.Add(new TaskChange(TaskChangeKind.Opened, instanceId, opened.TaskId));
                    break;
                case HumanTaskCompleted completed:
                    changes.Add(new TaskChange(TaskChangeKind.Completed, instanceId, completed.TaskId));
                    break;
                case HumanTaskEscalated escalated:
                    changes.Add(new TaskChange(TaskChangeKind.Escalated, instanceId, escalated.TaskId));
                    break;
            }
        }

        // The commit participant closes a finished instance's open tasks; which ones is not worth a query here.
        if (commit.Instance.IsFinished)
        {
            changes.Add(new TaskChange(TaskChangeKind.InstanceFinished, instanceId, TaskId: null));
        }

        if (changes.Count > 0)
        {
            notifier.Publish(changes);
        }

        return Task.CompletedTask;
    }
}
