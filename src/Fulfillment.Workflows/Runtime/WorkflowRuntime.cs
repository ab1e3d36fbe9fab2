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
        if (input is not (null or JsonObject))
        {
            throw new InvalidWorkflowInputException($"The input must be a JSON object (its properties initialise the workflow's variables); got {input.GetValueKind()}.");
        }

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
        var deliveredQueued = await RunAndCommitAsync(workflow, instance, expectedRevision: null, actor, consumedStimulus: null, scope =>
        {
            scope.Journal(JournalEventKind.InstanceStarted, node: null, outcome: null, $"Version {workflow.Version}", input);
            return executor.RunQueueAsync(workflow, scope);
        }, cancellationToken);

        // A queued event consumed right after the first commit moved the instance on: report where it is now.
        return deliveredQueued ? await store.FindAsync(instance.Id, cancellationToken) ?? instance : instance;
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
        var deferred = false;
        foreach (var bookmark in bookmarks)
        {
            switch (await TryResumeAsync(bookmark.InstanceId, bookmark.BookmarkId, payload, actor, consumedStimulus: null, cancellationToken))
            {
                case ResumeOutcome.Resumed:
                    resumed++;
                    break;
                case ResumeOutcome.Deferred:
                    deferred = true;
                    break;
            }
        }

        if (deferred)
        {
            // A faulted instance cannot take the event now; keep it for when an operator retries the instance.
            await store.QueueStimulusAsync(new QueuedStimulus(Guid.CreateVersion7(), key, payload?.ToJsonString(), actor, clock.GetUtcNow()), cancellationToken);
        }

        return new EventDeliveryResult(resumed, Queued: deferred);
    }

    /// <summary>Resumes one bookmark. False when it no longer exists (someone else resumed it first) or its instance cannot be resumed.</summary>
    public async Task<bool> ResumeAsync(string instanceId, string bookmarkId, JsonNode? payload, string actor, CancellationToken cancellationToken) =>
        await TryResumeAsync(instanceId, bookmarkId, payload, actor, consumedStimulus: null, cancellationToken) == ResumeOutcome.Resumed;

    /// <summary>
    /// Resumes the bookmark on <paramref name="key"/> of one instance (e.g. a task's <c>task:&lt;id&gt;</c>).
    /// Nothing is queued: false when that instance does not wait on the key (any more).
    /// </summary>
    public async Task<bool> ResumeKeyAsync(string instanceId, string key, JsonNode? payload, string actor, CancellationToken cancellationToken)
    {
        foreach (var bookmark in await store.FindBookmarksAsync(key, cancellationToken))
        {
            if (bookmark.InstanceId == instanceId)
            {
                return await ResumeAsync(instanceId, bookmark.BookmarkId, payload, actor, cancellationToken);
            }
        }

        return false;
    }

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

    /// <summary>
    /// Moves a suspended instance to another published version of its workflow, or (with
    /// <paramref name="dryRun"/>) only says where its waits would land. Each waiting activity keeps
    /// its id; the move is refused when one is missing from the target version or is another type
    /// of activity there. Variables the target declares anew get their defaults. Nothing runs: the
    /// instance goes on waiting where it was, and continues in the target version when resumed.
    /// </summary>
    /// <returns>The plan; <see cref="MigrationPlan.Applied"/> tells whether it was committed.</returns>
    /// <exception cref="WorkflowNotFoundException">The target version is not published.</exception>
    public async Task<MigrationPlan> MigrateAsync(string instanceId, int targetVersion, bool dryRun, string actor, CancellationToken cancellationToken)
    {
        MigrationPlan? plan = null;
        await ChangeWithRetriesAsync(instanceId, async instance =>
        {
            var source = await definitions.GetPublishedAsync(instance.WorkflowId, instance.Version, cancellationToken);
            var target = await definitions.GetPublishedAsync(instance.WorkflowId, targetVersion, cancellationToken);
            plan = InstanceMigration.Plan(instance, source, target);
            if (dryRun || !plan.CanMigrate)
            {
                return;
            }

            var migrated = InstanceMigration.Apply(instance, target);
            await RunAndCommitAsync(target, migrated, instance.Revision, actor, consumedStimulus: null, scope =>
            {
                scope.Journal(JournalEventKind.InstanceMigrated, node: null, outcome: null,
                    $"Migrated from version {plan.FromVersion} to {plan.ToVersion}", InstanceMigration.Describe(plan));
                return Task.CompletedTask;
            }, cancellationToken);
            plan = plan with { Applied = true };
        }, cancellationToken);
        return plan!;
    }

    /// <summary>
    /// Runs a faulted instance's failed activity again (or re-arms its wait, if it failed while
    /// resuming), then delivers events that arrived for it while it was faulted.
    /// </summary>
    public async Task RetryAsync(string instanceId, string actor, CancellationToken cancellationToken)
    {
        await ChangeWithRetriesAsync(instanceId, async instance =>
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

        foreach (var match in (await store.FindMatchedStimuliAsync(clock.GetUtcNow(), cancellationToken)).Where(m => m.Bookmark.InstanceId == instanceId))
        {
            await ClaimAndDeliverQueuedAsync(match, cancellationToken);
        }
    }

    /// <summary>
    /// The start-up pass of a node: releases the locks its earlier life held (that process is gone),
    /// then finishes what a crash interrupted, as <see cref="RecoverAbandonedAsync"/> does.
    /// </summary>
    /// <returns>How many instances and stimuli were picked up.</returns>
    public async Task<int> RecoverAsync(CancellationToken cancellationToken)
    {
        var released = await store.ReleaseLocksAsync(options.Value.NodeName, cancellationToken);
        if (released > 0)
        {
            logger.LogInformation("Released {Count} lock(s) node {Node} held before it restarted", released, options.Value.NodeName);
        }

        return await RecoverAbandonedAsync(cancellationToken);
    }

    /// <summary>
    /// Takes over work no live node holds: instances committed as Running whose node's lock is gone or
    /// expired continue, and queued stimuli whose bookmark was committed but not yet resumed are
    /// delivered. Each is claimed first (<see cref="IWorkflowInstanceStore.TryLockInstanceAsync"/>,
    /// <see cref="IWorkflowInstanceStore.TryLockBookmarkAsync"/>), so two nodes sweeping at once never
    /// run the same instance. Safe to call at any time, on any number of nodes.
    /// </summary>
    /// <returns>How many instances and stimuli were picked up.</returns>
    public async Task<int> RecoverAbandonedAsync(CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var instanceId in await store.FindRunningInstanceIdsAsync(clock.GetUtcNow(), cancellationToken))
        {
            if (!await store.TryLockInstanceAsync(instanceId, NewLock(), clock.GetUtcNow(), cancellationToken))
            {
                continue;
            }

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
                // The lock stays until it expires: the next sweep tries again then, not in a tight loop.
                logger.LogError(ex, "Recovery of instance {InstanceId} failed", instanceId);
            }
        }

        foreach (var match in await store.FindMatchedStimuliAsync(clock.GetUtcNow(), cancellationToken))
        {
            if (await ClaimAndDeliverQueuedAsync(match, cancellationToken))
            {
                count++;
            }
        }

        return count;
    }

    private enum ResumeOutcome
    {
        Resumed,

        /// <summary>The bookmark is gone: resumed by someone else, or its instance ended.</summary>
        Gone,

        /// <summary>The bookmark waits, but its instance is faulted and takes nothing until retried.</summary>
        Deferred,
    }

    private async Task<ResumeOutcome> TryResumeAsync(
        string instanceId, string bookmarkId, JsonNode? payload, string actor, Guid? consumedStimulus, CancellationToken cancellationToken)
    {
        var outcome = ResumeOutcome.Gone;
        await ChangeWithRetriesAsync(instanceId, async instance =>
        {
            var bookmark = instance.State.Bookmarks.Find(b => b.Id == bookmarkId);
            if (bookmark is null || instance.IsFinished)
            {
                outcome = ResumeOutcome.Gone;
                return;
            }

            if (instance.Status == WorkflowStatus.Faulted)
            {
                outcome = ResumeOutcome.Deferred;
                return;
            }

            var workflow = await definitions.GetPublishedAsync(instance.WorkflowId, instance.Version, cancellationToken);
            await RunAndCommitAsync(workflow, instance, instance.Revision, actor, consumedStimulus,
                scope => executor.ResumeAsync(workflow, scope, bookmark, payload), cancellationToken);
            outcome = ResumeOutcome.Resumed;
        }, cancellationToken, missingIsError: false);
        return outcome;
    }

    /// <summary>Delivers a queued stimulus found by a recovery pass, once its bookmark is claimed by this node.</summary>
    private async Task<bool> ClaimAndDeliverQueuedAsync(StimulusMatch match, CancellationToken cancellationToken) =>
        await store.TryLockBookmarkAsync(match.Bookmark.BookmarkId, NewLock(), clock.GetUtcNow(), cancellationToken)
        && await DeliverQueuedAsync(match, cancellationToken);

    /// <summary>Delivers a queued stimulus to the bookmark this node holds the lock of.</summary>
    private async Task<bool> DeliverQueuedAsync(StimulusMatch match, CancellationToken cancellationToken)
    {
        var payload = match.Stimulus.PayloadJson is null ? null : JsonNode.Parse(match.Stimulus.PayloadJson);
        var resumed = false;
        try
        {
            resumed = await TryResumeAsync(match.Bookmark.InstanceId, match.Bookmark.BookmarkId, payload, match.Stimulus.Actor,
                match.Stimulus.Id, cancellationToken) == ResumeOutcome.Resumed;
            return resumed;
        }
        catch (StimulusConsumedException)
        {
            return false;
        }
        finally
        {
            // A resumed bookmark is gone with its lock; one still waiting (e.g. its instance is faulted) is free again.
            if (!resumed)
            {
                await store.UnlockBookmarkAsync(match.Bookmark.BookmarkId, options.Value.NodeName, CancellationToken.None);
            }
        }
    }

    /// <summary>This node's claim on a row, from now for <see cref="WorkflowEngineOptions.LockDuration"/>.</summary>
    private NodeLock NewLock() => new(options.Value.NodeName, clock.GetUtcNow() + options.Value.LockDuration);

    /// <summary>
    /// Runs <paramref name="burst"/> and commits; continues in further commits while the instance
    /// still has scheduled work (a burst yields after <see cref="WorkflowEngineOptions.MaxActivitiesPerBurst"/>),
    /// up to <see cref="WorkflowEngineOptions.MaxActivitiesPerRun"/> activities.
    /// Then delivers queued stimuli that were waiting for the bookmarks just committed.
    /// </summary>
    /// <returns>True when queued stimuli were delivered afterwards (the instance moved on since).</returns>
    private async Task<bool> RunAndCommitAsync(
        CompiledWorkflow workflow,
        WorkflowInstance instance,
        long? expectedRevision,
        string actor,
        Guid? consumedStimulus,
        Func<ExecutionScope, Task> burst,
        CancellationToken cancellationToken)
    {
        var matches = new List<StimulusMatch>();
        var continuing = false;
        var bursts = 0;
        while (true)
        {
            await using var services = scopes.CreateAsyncScope();
            var scope = executor.CreateScope(workflow, instance, services.ServiceProvider, actor, cancellationToken);
            await burst(scope);
            instance.UpdatedAt = clock.GetUtcNow();
            CommitResult result;
            InstanceCommit commit;
            try
            {
                commit = new InstanceCommit(instance, expectedRevision, scope.Effects.Journal, scope.Effects.Outbox, consumedStimulus)
                {
                    Extras = scope.Effects.Extras,
                    Lock = NewLock(),
                };
                result = await store.CommitAsync(commit, cancellationToken);
            }
            catch (ConcurrencyConflictException) when (continuing)
            {
                // The operation itself committed in the first burst; whoever changed the instance since
                // (a recovery pass, another node) now owns its continuation.
                logger.LogDebug("Instance {InstanceId} was taken over between bursts", instance.Id);
                break;
            }

            matches.AddRange(result.MatchedStimuli);
            await NotifyObserversAsync(result with { Commit = commit }, cancellationToken);
            if (instance.Status != WorkflowStatus.Running || instance.State.Queue.Count == 0)
            {
                break;
            }

            expectedRevision = instance.Revision;
            consumedStimulus = null;
            continuing = true;
            var limit = options.Value.MaxActivitiesPerRun;
            burst = ++bursts * options.Value.MaxActivitiesPerBurst >= limit
                ? s =>
                {
                    WorkflowExecutor.StopRunaway(workflow, s, limit);
                    return Task.CompletedTask;
                }
                : s => executor.RunQueueAsync(workflow, s);
        }

        foreach (var match in matches)
        {
            await DeliverQueuedAsync(match, cancellationToken);
        }

        return matches.Count > 0;
    }

    private async Task NotifyObserversAsync(CommitResult result, CancellationToken cancellationToken)
    {
        // Every commit: besides timers and the outbox, observers react to the instance and module records (e.g. live inboxes).
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

            switch (await TryFireTimerAsync(timer, cancellationToken))
            {
                case TimerFiring.Fired:
                    fired++;
                    break;
                case TimerFiring.Claimed:
                    logger.LogDebug("Timer {BookmarkId} is being fired elsewhere (or already was)", timer.BookmarkId);
                    break;
                default:
                    // Still indexed, but its instance does not wait on it now (e.g. faulted): leave it for a retry.
                    logger.LogWarning("Timer {BookmarkId} of instance {InstanceId} could not fire", timer.BookmarkId, timer.InstanceId);
                    break;
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

    /// <summary>
    /// Resumes a timer's bookmark once cluster-wide: the timer row is claimed first, so of a Hangfire
    /// job, a sweep and an <c>advance</c> on any number of nodes only one runs it. False when it no
    /// longer waits (already fired, or cancelled), is being fired elsewhere, or its instance cannot take it.
    /// </summary>
    public async Task<bool> FireTimerAsync(TimerRef timer, CancellationToken cancellationToken) =>
        await TryFireTimerAsync(timer, cancellationToken) == TimerFiring.Fired;

    private enum TimerFiring
    {
        Fired,

        /// <summary>Another firing holds the timer's lock, or the timer is gone.</summary>
        Claimed,

        /// <summary>Claimed, but its instance does not take it now (faulted, or the wait moved on).</summary>
        NotTaken,
    }

    private async Task<TimerFiring> TryFireTimerAsync(TimerRef timer, CancellationToken cancellationToken)
    {
        if (!await store.TryLockBookmarkAsync(timer.BookmarkId, NewLock(), clock.GetUtcNow(), cancellationToken))
        {
            return TimerFiring.Claimed;
        }

        var fired = false;
        try
        {
            fired = await ResumeAsync(timer.InstanceId, timer.BookmarkId, payload: null, TimerActor, cancellationToken);
            return fired ? TimerFiring.Fired : TimerFiring.NotTaken;
        }
        finally
        {
            // A fired timer's row is gone with its lock; one that did not fire is left for a later attempt.
            if (!fired)
            {
                await store.UnlockBookmarkAsync(timer.BookmarkId, options.Value.NodeName, CancellationToken.None);
            }
        }
    }

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
