using System.Text.Json.Nodes;
using Fulfillment.Workflows.Definitions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fulfillment.Workflows.Runtime;

/// <summary>How many bookmarks an event resumed, and whether it was queued for a bookmark still to come.</summary>
public sealed record EventDeliveryResult(int Resumed, bool Queued);

/// <summary>
/// The one entry point for changing instances: start, resume by bookmark key, cancel, retry and
/// recover. Each operation loads the instance, runs the interpreter in memory, and commits the
/// new state with its bookmarks, journal and outbox in one transaction, retrying on a lost
/// optimistic-concurrency race with fresh state.
/// </summary>
public sealed class WorkflowRuntime
{
    public const string SystemActor = "system";

    private readonly IWorkflowInstanceStore store;
    private readonly WorkflowDefinitionService definitions;
    private readonly WorkflowExecutor executor;
    private readonly IServiceScopeFactory scopes;
    private readonly TimeProvider clock;
    private readonly IOptions<WorkflowEngineOptions> options;
    private readonly ILogger<WorkflowRuntime> logger;
    private readonly IReadOnlyList<ICommitObserver> observers;
    private readonly IWorkflowScheduleStore schedules;

    internal WorkflowRuntime(
        IWorkflowInstanceStore store,
        WorkflowDefinitionService definitions,
        WorkflowExecutor executor,
        IServiceScopeFactory scopes,
        TimeProvider clock,
        IOptions<WorkflowEngineOptions> options,
        ILogger<WorkflowRuntime> logger,
        IEnumerable<ICommitObserver> observers,
        IWorkflowScheduleStore schedules)
    {
        this.schedules = schedules;
        this.observers = [.. observers];
        this.store = store;
        this.definitions = definitions;
        this.executor = executor;
        this.scopes = scopes;
        this.clock = clock;
        this.options = options;
        this.logger = logger;
    }

    /// <summary>Starts the newest published version (or <paramref name="version"/>) and runs it until it waits or ends.</summary>
    public async Task<WorkflowInstance> StartAsync(
        string workflowId,
        JsonNode? input,
        string? correlationId,
        string actor,
        CancellationToken cancellationToken,
        int? version = null)
    {
        var workflow = await definitions.GetPublishedAsync(workflowId, version, cancellationToken);
        var now = clock.GetUtcNow();
        var instance = new WorkflowInstance
        {
            Id = Guid.CreateVersion7().ToString(),
            WorkflowId = workflow.WorkflowId,
            Version = workflow.Version,
            CorrelationId = correlationId,
            Status = WorkflowStatus.Running,
            CreatedAt = now,
            UpdatedAt = now,
            State = new InstanceState { Input = input?.DeepClone() },
        };
        foreach (var variable in workflow.Definition.Variables)
        {
            // A declared variable takes the input property of the same name, else its default.
            instance.State.SetVariable(variable.Name, input?[variable.Name] ?? variable.DefaultValue);
        }

        instance.State.Queue.Add(new WorkItem(workflow.Start.Id));
        await RunAndCommitAsync(workflow, instance, expectedRevision: null, actor, consumedStimulus: null, scope =>
        {
            scope.Journal(JournalEventKind.InstanceStarted, node: null, outcome: null, $"Version {workflow.Version}", input);
            return executor.RunQueueAsync(workflow, scope);
        }, cancellationToken);
        return instance;
    }

    /// <summary>
    /// Resumes every bookmark waiting on <paramref name="key"/> with <paramref name="payload"/>.
    /// When none waits yet, the event is queued durably and delivered to the first bookmark on
    /// that key when it is committed.
    /// </summary>
    public async Task<EventDeliveryResult> DeliverEventAsync(string key, JsonNode? payload, string actor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var bookmarks = await store.FindBookmarksAsync(key, cancellationToken);
        if (bookmarks.Count == 0)
        {
            var stimulus = new QueuedStimulus(Guid.CreateVersion7(), key, payload?.ToJsonString(), actor, clock.GetUtcNow());
            bookmarks = await store.QueueStimulusUnlessWaitedAsync(stimulus, cancellationToken);
            if (bookmarks.Count == 0)
            {
                return new EventDeliveryResult(0, Queued: true);
            }
        }

        var resumed = 0;
        foreach (var bookmark in bookmarks)
        {
            if (await ResumeAsync(bookmark.InstanceId, bookmark.BookmarkId, payload, actor, cancellationToken))
            {
                resumed++;
            }
        }

        return new EventDeliveryResult(resumed, Queued: false);
    }

    /// <summary>Resumes one bookmark. False when it no longer exists (someone else resumed it first).</summary>
    public Task<bool> ResumeAsync(string instanceId, string bookmarkId, JsonNode? payload, string actor, CancellationToken cancellationToken) =>
        ResumeAsync(instanceId, bookmarkId, payload, actor, consumedStimulus: null, cancellationToken);

    /// <summary>Cancels a running, suspended or faulted instance: its waits and scheduled work are dropped.</summary>
    public Task CancelAsync(string instanceId, string actor, CancellationToken cancellationToken) =>
        ChangeWithRetriesAsync(instanceId, async instance =>
        {
            if (instance.IsFinished)
            {
                throw new InvalidInstanceStateException($"Instance '{instanceId}' is already {instance.Status}.");
            }

            var workflow = await definitions.GetPublishedAsync(instance.WorkflowId, instance.Version, cancellationToken);
            await RunAndCommitAsync(workflow, instance, instance.Revision, actor, consumedStimulus: null, scope =>
            {
                scope.State.Queue.Clear();
                scope.State.Bookmarks.Clear();
                scope.State.Incident = null;
                instance.Status = WorkflowStatus.Cancelled;
                scope.Journal(JournalEventKind.InstanceCancelled, node: null, outcome: null);
                return Task.CompletedTask;
            }, cancellationToken);
        }, cancellationToken);

    /// <summary>Runs a faulted instance's failed activity again (or re-arms its wait, if it failed while resuming).</summary>
    public Task RetryAsync(string instanceId, string actor, CancellationToken cancellationToken) =>
        ChangeWithRetriesAsync(instanceId, async instance =>
        {
            if (instance.Status != WorkflowStatus.Faulted || instance.State.Incident is not { } incident)
            {
                throw new InvalidInstanceStateException($"Instance '{instanceId}' is {instance.Status}; only a faulted instance can be retried.");
            }

            var workflow = await definitions.GetPublishedAsync(instance.WorkflowId, instance.Version, cancellationToken);
            await RunAndCommitAsync(workflow, instance, instance.Revision, actor, consumedStimulus: null, scope =>
            {
                scope.State.Incident = null;
                if (incident.RetryItem is { } item)
                {
                    scope.State.Queue.Insert(0, item);
                }

                instance.Status = WorkflowStatus.Running;
                scope.Journal(JournalEventKind.InstanceRetried, node: null, outcome: null, $"Retrying after: {incident.Message}");
                return executor.RunQueueAsync(workflow, scope);
            }, cancellationToken);
        }, cancellationToken);

    /// <summary>
    /// Finishes what a crash interrupted: instances committed as Running continue, and queued
    /// stimuli whose bookmark was committed but not yet resumed are delivered.
    /// </summary>
    /// <returns>How many instances and stimuli were picked up.</returns>
    public async Task<int> RecoverAsync(CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var instanceId in await store.FindRunningInstanceIdsAsync(cancellationToken))
        {
            try
            {
                await ChangeWithRetriesAsync(instanceId, async instance =>
                {
                    if (instance.Status != WorkflowStatus.Running)
                    {
                        return;
                    }

                    var workflow = await definitions.GetPublishedAsync(instance.WorkflowId, instance.Version, cancellationToken);
                    await RunAndCommitAsync(workflow, instance, instance.Revision, SystemActor, consumedStimulus: null,
                        scope => executor.RunQueueAsync(workflow, scope), cancellationToken);
                }, cancellationToken);
                count++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Recovery of instance {InstanceId} failed", instanceId);
            }
        }

        foreach (var match in await store.FindMatchedStimuliAsync(cancellationToken))
        {
            if (await DeliverQueuedAsync(match, cancellationToken))
            {
                count++;
            }
        }

        return count;
    }

    private async Task<bool> ResumeAsync(
        string instanceId, string bookmarkId, JsonNode? payload, string actor, Guid? consumedStimulus, CancellationToken cancellationToken)
    {
        var resumed = false;
        await ChangeWithRetriesAsync(instanceId, async instance =>
        {
            var bookmark = instance.State.Bookmarks.Find(b => b.Id == bookmarkId);
            if (bookmark is null || instance.Status is not (WorkflowStatus.Suspended or WorkflowStatus.Running))
            {
                resumed = false;
                return;
            }

            var workflow = await definitions.GetPublishedAsync(instance.WorkflowId, instance.Version, cancellationToken);
            await RunAndCommitAsync(workflow, instance, instance.Revision, actor, consumedStimulus,
                scope => executor.ResumeAsync(workflow, scope, bookmark, payload), cancellationToken);
            resumed = true;
        }, cancellationToken, missingIsError: false);
        return resumed;
    }

    private async Task<bool> DeliverQueuedAsync(StimulusMatch match, CancellationToken cancellationToken)
    {
        var payload = match.Stimulus.PayloadJson is null ? null : JsonNode.Parse(match.Stimulus.PayloadJson);
        try
        {
            return await ResumeAsync(match.Bookmark.InstanceId, match.Bookmark.BookmarkId, payload, match.Stimulus.Actor,
                match.Stimulus.Id, cancellationToken);
        }
        catch (StimulusConsumedException)
        {
            return false;
        }
    }

    /// <summary>
    /// Runs <paramref name="burst"/> and commits; continues in further commits while the instance
    /// still has scheduled work (a burst yields after <see cref="WorkflowEngineOptions.MaxActivitiesPerBurst"/>).
    /// Then delivers queued stimuli that were waiting for the bookmarks just committed.
    /// </summary>
    private async Task RunAndCommitAsync(
        CompiledWorkflow workflow,
        WorkflowInstance instance,
        long? expectedRevision,
        string actor,
        Guid? consumedStimulus,
        Func<ExecutionScope, Task> burst,
        CancellationToken cancellationToken)
    {
        var matches = new List<StimulusMatch>();
        while (true)
        {
            await using var services = scopes.CreateAsyncScope();
            var scope = executor.CreateScope(instance, services.ServiceProvider, actor, cancellationToken);
            await burst(scope);
            instance.UpdatedAt = clock.GetUtcNow();
            var result = await store.CommitAsync(
                new InstanceCommit(instance, expectedRevision, scope.Effects.Journal, scope.Effects.Outbox, consumedStimulus),
                cancellationToken);
            matches.AddRange(result.MatchedStimuli);
            await NotifyObserversAsync(result, cancellationToken);
            if (instance.Status != WorkflowStatus.Running || instance.State.Queue.Count == 0)
            {
                break;
            }

            expectedRevision = instance.Revision;
            consumedStimulus = null;
            burst = s => executor.RunQueueAsync(workflow, s);
        }

        foreach (var match in matches)
        {
            await DeliverQueuedAsync(match, cancellationToken);
        }
    }

    private async Task NotifyObserversAsync(CommitResult result, CancellationToken cancellationToken)
    {
        if (result.AddedTimers.Count == 0 && result.RemovedTimerJobIds.Count == 0 && result.OutboxMessageIds.Count == 0)
        {
            return;
        }

        foreach (var observer in observers)
        {
            try
            {
                await observer.OnCommittedAsync(result, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "{Observer} failed after a commit; start-up recovery will catch up", observer.GetType().Name);
            }
        }
    }

    /// <summary>
    /// Fires every timer and scheduled start due at or before <paramref name="until"/>, earliest
    /// first, moving <paramref name="moveClockTo"/> to each one's due time before firing it (a
    /// simulated clock), until none is left. Timers created while firing are fired too if they fall due in time.
    /// </summary>
    /// <returns>How many timers and scheduled starts fired.</returns>
    public async Task<int> FireDueTimersAsync(DateTimeOffset until, Action<DateTimeOffset>? moveClockTo, CancellationToken cancellationToken)
    {
        var fired = 0;
        var attempted = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            // Asked again after every firing: a fired timer may lead to a new timer due earlier than the rest.
            var due = await store.FindDueTimersAsync(until, max: attempted.Count + 1, cancellationToken);
            var timer = due.FirstOrDefault(t => !attempted.Contains(t.BookmarkId));
            var schedule = await schedules.FindNextDueAsync(until, cancellationToken);
            if (schedule is not null && (timer is null || schedule.NextDueAt <= timer.DueAt))
            {
                if (moveClockTo is not null && schedule.NextDueAt > clock.GetUtcNow())
                {
                    moveClockTo(schedule.NextDueAt);
                }

                fired += await StartScheduledAsync(schedule, cancellationToken) ? 1 : 0;
                continue;
            }

            if (timer is null)
            {
                return fired;
            }

            attempted.Add(timer.BookmarkId);
            if (moveClockTo is not null && timer.DueAt > clock.GetUtcNow())
            {
                moveClockTo(timer.DueAt);
            }

            if (await FireTimerAsync(timer, cancellationToken))
            {
                fired++;
            }
            else
            {
                // Still indexed, but its instance does not wait on it now (e.g. faulted): leave it for a retry.
                logger.LogWarning("Timer {BookmarkId} of instance {InstanceId} could not fire", timer.BookmarkId, timer.InstanceId);
            }
        }
    }

    public const string SchedulerActor = "scheduler";

    /// <summary>
    /// Starts one occurrence of a schedule. The occurrence is claimed first (the schedule row moves
    /// to its next due time only if still at this one), so with several nodes it starts exactly once.
    /// </summary>
    private async Task<bool> StartScheduledAsync(WorkflowSchedule schedule, CancellationToken cancellationToken)
    {
        var next = CronSchedule.Next(schedule.Cron, schedule.NextDueAt);
        if (!await schedules.ClaimAsync(schedule.WorkflowId, schedule.NextDueAt, next ?? DateTimeOffset.MaxValue, cancellationToken))
        {
            return false;
        }

        try
        {
            await StartAsync(schedule.WorkflowId, input: null, $"schedule:{schedule.NextDueAt:O}", SchedulerActor, cancellationToken);
            return true;
        }
        catch (WorkflowNotFoundException ex)
        {
            logger.LogError(ex, "Scheduled start of {WorkflowId} failed", schedule.WorkflowId);
            return false;
        }
    }

    /// <summary>Resumes a timer's bookmark. False when it no longer waits (already fired, or cancelled).</summary>
    public Task<bool> FireTimerAsync(TimerRef timer, CancellationToken cancellationToken) =>
        ResumeAsync(timer.InstanceId, timer.BookmarkId, payload: null, TimerActor, cancellationToken);

    public const string TimerActor = "timer";

    /// <summary>Loads the instance and applies <paramref name="change"/>, reloading and trying again when a concurrent commit won.</summary>
    private async Task ChangeWithRetriesAsync(
        string instanceId, Func<WorkflowInstance, Task> change, CancellationToken cancellationToken, bool missingIsError = true)
    {
        for (var attempt = 1; ; attempt++)
        {
            var instance = await store.FindAsync(instanceId, cancellationToken);
            if (instance is null)
            {
                if (missingIsError)
                {
                    throw new InstanceNotFoundException(instanceId);
                }

                return;
            }

            try
            {
                await change(instance);
                return;
            }
            catch (ConcurrencyConflictException) when (attempt < options.Value.MaxConcurrencyRetries)
            {
                logger.LogDebug("Instance {InstanceId} changed concurrently; retrying on fresh state (attempt {Attempt})", instanceId, attempt);
            }
        }
    }
}
