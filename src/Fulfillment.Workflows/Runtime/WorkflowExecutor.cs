using System.Globalization;
using System.Text.Json.Nodes;
using Fulfillment.Workflows.Expressions;
using Fulfillment.Workflows.Sdk;
using Microsoft.Extensions.Options;

namespace Fulfillment.Workflows.Runtime;

/// <summary>
/// The flowchart interpreter. Works purely in memory on one instance: runs scheduled activities,
/// follows outcome connections, records bookmarks, journal entries and outbox messages. Knows
/// nothing about storage; <see cref="WorkflowRuntime"/> loads, calls this, and commits.
/// </summary>
internal sealed class WorkflowExecutor(
    ActivityFactory factory,
    ExpressionCompiler compiler,
    IOptions<ExpressionOptions> expressionOptions,
    IOptions<WorkflowEngineOptions> engineOptions,
    TimeProvider clock)
{
    public ExecutionScope CreateScope(CompiledWorkflow workflow, WorkflowInstance instance, IServiceProvider services, string actor, CancellationToken cancellationToken) =>
        new(workflow, factory, instance, new ExpressionScope(compiler, expressionOptions.Value, instance, clock), clock, services, actor,
            engineOptions.Value.NodeName, cancellationToken);

    /// <summary>Delivers a stimulus to a waiting activity, then runs what it scheduled.</summary>
    public async Task ResumeAsync(CompiledWorkflow workflow, ExecutionScope scope, BookmarkState bookmark, JsonNode? payload)
    {
        var state = scope.State;
        var node = workflow.Nodes[bookmark.ActivityId];

        state.Bookmarks.Remove(bookmark);
        scope.Journal(JournalEventKind.ActivityResumed, node, outcome: null, $"Resumed by '{bookmark.Key}'", payload);
        var context = await ExecuteAsync(node, scope, inbound: null, bookmark, bookmark.IsTimeout
            ? static (_, context) =>
            {
                context.Complete(ActivityOutcomes.TimedOut);
                return ValueTask.CompletedTask;
            }
            : (activity, context) => activity.ResumeAsync(context, payload));
        if (context is null)
        {
            // Put the wait back so that, after an operator retry, the same stimulus can be delivered again.
            state.Bookmarks.Add(bookmark);
        }
        else if (context.Disposition != ActivityDisposition.Suspended || context.DropsOtherWaits)
        {
            // The activity is done waiting: its other waits (other keys, its timeout, its reminders) are void.
            // One that keeps waiting (e.g. a task after sending a reminder) keeps them.
            state.Bookmarks.RemoveAll(b => b.ActivityId == bookmark.ActivityId && !context.NewBookmarks.Contains(b));
        }

        await RunQueueAsync(workflow, scope);
    }

    /// <summary>Runs scheduled activities until none are left, the burst limit is hit, or a fault.</summary>
    public async Task RunQueueAsync(CompiledWorkflow workflow, ExecutionScope scope)
    {
        var state = scope.State;
        var budget = engineOptions.Value.MaxActivitiesPerBurst;
        while (state.Queue.Count > 0 && state.Incident is null && !scope.Instance.IsFinished && budget-- > 0)
        {
            scope.CancellationToken.ThrowIfCancellationRequested();
            var item = state.Queue[0];
            state.Queue.RemoveAt(0);
            var node = workflow.Nodes[item.ActivityId];
            var context = await ExecuteAsync(node, scope, item, resumedBy: null, static (activity, context) => activity.ExecuteAsync(context));
            if (context is null && state.Incident is not null)
            {
                state.Incident = state.Incident with { RetryItem = item };
            }
        }

        var previous = scope.Instance.Status;
        scope.Instance.Status = NextStatus(scope.Instance);
        if (scope.Instance.Status == WorkflowStatus.Completed && previous != WorkflowStatus.Completed)
        {
            // Every path ran out without an End activity: the workflow is done all the same.
            scope.Journal(JournalEventKind.InstanceCompleted, node: null, outcome: null, data: state.Output);
        }
    }

    /// <summary>
    /// Faults an instance that ran <paramref name="limit"/> activities in one operation without waiting.
    /// Its queue stays as it is, so a retry goes on from where it stopped.
    /// </summary>
    public static void StopRunaway(CompiledWorkflow workflow, ExecutionScope scope, int limit)
    {
        var next = workflow.Nodes[scope.State.Queue[0].ActivityId];
        var message = string.Create(CultureInfo.InvariantCulture,
            $"Stopped after {limit:N0} activities without waiting (a loop with no wait in it?). Retry to run up to {limit:N0} more, or cancel the instance.");
        scope.State.Incident = new Incident(next.Id, message, "RunLimitExceeded", scope.Clock.GetUtcNow());
        scope.Journal(JournalEventKind.InstanceFaulted, next, outcome: null, message);
        scope.Instance.Status = WorkflowStatus.Faulted;
    }

    private static WorkflowStatus NextStatus(WorkflowInstance instance)
    {
        var state = instance.State;
        if (instance.Status is WorkflowStatus.Completed or WorkflowStatus.Cancelled)
        {
            return instance.Status;
        }

        if (state.Incident is not null)
        {
            return WorkflowStatus.Faulted;
        }

        if (state.Queue.Count > 0)
        {
            return WorkflowStatus.Running;
        }

        return state.Bookmarks.Count > 0 ? WorkflowStatus.Suspended : WorkflowStatus.Completed;
    }

    /// <returns>The finished context, or null when the activity faulted.</returns>
    private async Task<ActivityContext?> ExecuteAsync(
        ActivityNodeRuntime node,
        ExecutionScope scope,
        WorkItem? inbound,
        BookmarkState? resumedBy,
        Func<Activity, ActivityContext, ValueTask> invoke)
    {
        var state = scope.State;
        if (inbound is not null)
        {
            scope.Journal(JournalEventKind.ActivityStarted, node, outcome: null);
        }

        var context = new ActivityContext(scope, node, inbound, resumedBy);
        var outboxBefore = scope.Effects.Outbox.Count;
        var extrasBefore = scope.Effects.Extras.Count;
        Activity activity;
        try
        {
            activity = factory.Create(node, scope);
            await invoke(activity, context);
        }
        catch (OperationCanceledException) when (scope.CancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // An activity's exception faults its instance (an incident an operator can retry); it never escapes to the host.
            // Messages it queued before failing are dropped: the retry will queue them again.
            scope.Effects.Outbox.RemoveRange(outboxBefore, scope.Effects.Outbox.Count - outboxBefore);
            scope.Effects.Extras.RemoveRange(extrasBefore, scope.Effects.Extras.Count - extrasBefore);
            var message = ex is WorkflowFaultException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
            state.Incident = new Incident(node.Id, message, ex.GetType().Name, scope.Clock.GetUtcNow())
            {
                Details = ex is WorkflowFaultException ? null : ex.ToString(),
            };
            scope.Journal(JournalEventKind.ActivityFaulted, node, outcome: null, message);
            scope.Journal(JournalEventKind.InstanceFaulted, node, outcome: null, message);
            return null;
        }

        switch (context.Disposition)
        {
            case ActivityDisposition.Unspecified:
                context.Complete(ActivityOutcomes.Done);
                Follow(node, context, activity, scope);
                break;
            case ActivityDisposition.Completed:
                Follow(node, context, activity, scope);
                break;
            case ActivityDisposition.Suspended:
                state.Bookmarks.AddRange(context.NewBookmarks);
                scope.Journal(JournalEventKind.ActivitySuspended, node, outcome: null, context.NewBookmarks.Count == 0
                    ? "Still waiting"
                    : "Waiting for " + string.Join(", ", context.NewBookmarks.Select(b => $"'{b.Key}'")));
                break;
            case ActivityDisposition.Halted:
                scope.Journal(JournalEventKind.ActivityCompleted, node, outcome: null, "Path ends here");
                break;
            case ActivityDisposition.WorkflowEnded:
                ActivityFactory.WriteOutputs(node, activity, state);
                state.Output = context.WorkflowOutput;
                state.Queue.Clear();
                state.Bookmarks.Clear();
                scope.Instance.Status = WorkflowStatus.Completed;
                scope.Journal(JournalEventKind.ActivityCompleted, node, ActivityOutcomes.Done);
                scope.Journal(JournalEventKind.InstanceCompleted, node: null, outcome: null, data: state.Output);
                break;
        }

        return context;
    }

    private static void Follow(ActivityNodeRuntime node, ActivityContext context, Activity activity, ExecutionScope scope)
    {
        ActivityFactory.WriteOutputs(node, activity, scope.State);
        foreach (var outcome in context.Outcomes)
        {
            scope.Journal(JournalEventKind.ActivityCompleted, node, outcome);
            if (node.Outgoing.TryGetValue(outcome, out var targets))
            {
                foreach (var target in targets)
                {
                    scope.State.Queue.Add(new WorkItem(target, node.Id, outcome));
                }
            }
        }
    }
}

/// <summary>Thrown by an activity to fault its instance with a message meant for operators (no stack trace).</summary>
public sealed class WorkflowFaultException(string message) : Exception(message);
