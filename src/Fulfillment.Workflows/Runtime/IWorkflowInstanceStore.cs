namespace Fulfillment.Workflows.Runtime;

/// <summary>
/// Durable storage of instances. <see cref="CommitAsync"/> is the durability contract's single
/// transaction: instance state, bookmarks, journal entries and outbox messages commit together.
/// </summary>
public interface IWorkflowInstanceStore
{
    Task<WorkflowInstance?> FindAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Waiting bookmarks on an explicit key, across all instances.</summary>
    Task<IReadOnlyList<BookmarkRef>> FindBookmarksAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Commits an instance and the effects of the burst that changed it, atomically.
    /// </summary>
    /// <exception cref="ConcurrencyConflictException">Another commit changed the instance first.</exception>
    Task<CommitResult> CommitAsync(InstanceCommit commit, CancellationToken cancellationToken);

    /// <summary>
    /// Queues a stimulus for a key nobody waits on yet, unless a bookmark on the key exists by now
    /// (checked in the same transaction, so a stimulus is never lost between the two).
    /// </summary>
    /// <returns>The bookmarks that exist after all; empty when the stimulus was queued.</returns>
    Task<IReadOnlyList<BookmarkRef>> QueueStimulusUnlessWaitedAsync(QueuedStimulus stimulus, CancellationToken cancellationToken);

    /// <summary>Queues a stimulus even though bookmarks on its key exist (their instance cannot take it now, e.g. faulted).</summary>
    Task QueueStimulusAsync(QueuedStimulus stimulus, CancellationToken cancellationToken);

    /// <summary>
    /// Instances left Running (a crash mid-run) whose node's lock is gone or expired at
    /// <paramref name="now"/>, for the recovery pass.
    /// </summary>
    Task<IReadOnlyList<string>> FindRunningInstanceIdsAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Queued stimuli that already have a bookmark waiting (left behind by a crash), where that
    /// bookmark is not locked by a node at <paramref name="now"/>.
    /// </summary>
    Task<IReadOnlyList<StimulusMatch>> FindMatchedStimuliAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Claims a Running instance for the recovery pass, atomically: true only if it is Running and
    /// unlocked (or its lock expired before <paramref name="now"/>). Two nodes never both get true.
    /// </summary>
    Task<bool> TryLockInstanceAsync(string instanceId, NodeLock claim, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Claims a bookmark before resuming it (firing a timer, delivering a queued event), atomically:
    /// true only if it exists and is unlocked (or its lock expired before <paramref name="now"/>).
    /// </summary>
    Task<bool> TryLockBookmarkAsync(string bookmarkId, NodeLock claim, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Gives up <paramref name="node"/>'s claim on a bookmark it could not resume.</summary>
    Task UnlockBookmarkAsync(string bookmarkId, string node, CancellationToken cancellationToken);

    /// <summary>
    /// Releases every lock <paramref name="node"/> holds (instances, bookmarks, outbox messages being
    /// sent): called when that node starts, since the process that took them is gone.
    /// </summary>
    /// <returns>How many rows were released.</returns>
    Task<int> ReleaseLocksAsync(string node, CancellationToken cancellationToken);

    /// <summary>Timers due at or before <paramref name="until"/>, earliest first.</summary>
    Task<IReadOnlyList<TimerRef>> FindDueTimersAsync(DateTimeOffset until, int max, CancellationToken cancellationToken);

    /// <summary>Every pending timer, or only those no scheduler job was recorded for.</summary>
    Task<IReadOnlyList<TimerRef>> FindTimersAsync(bool onlyUnscheduled, CancellationToken cancellationToken);

    /// <summary>Records the scheduler's job id on the timer's row, so cancelling needs no search.</summary>
    Task SetTimerJobIdAsync(string bookmarkId, string jobId, CancellationToken cancellationToken);
}

/// <summary>What a commit changed that background services act on after it.</summary>
/// <param name="MatchedStimuli">Queued stimuli whose keys match bookmarks created by this commit.</param>
/// <param name="AddedTimers">Timers created by this commit, to be scheduled.</param>
/// <param name="RemovedTimerJobIds">Scheduler jobs of timers this commit removed, to be cancelled.</param>
/// <param name="OutboxMessageIds">Outbox messages stored by this commit, to be dispatched.</param>
public sealed record CommitResult(
    IReadOnlyList<StimulusMatch> MatchedStimuli,
    IReadOnlyList<TimerRef> AddedTimers,
    IReadOnlyList<string> RemovedTimerJobIds,
    IReadOnlyList<Guid> OutboxMessageIds)
{
    public static CommitResult Empty { get; } = new([], [], [], []);

    /// <summary>The commit itself (the instance as committed, its journal and module records); set by the runtime for observers.</summary>
    public InstanceCommit? Commit { get; init; }
}

/// <summary>A node's claim on a row (a running instance, a timer it fires, a queued event it delivers), until a time.</summary>
public sealed record NodeLock(string Node, DateTimeOffset Until);

/// <summary>A pending timer: the bookmark the scheduler resumes when it is due.</summary>
public sealed record TimerRef(string InstanceId, string BookmarkId, DateTimeOffset DueAt, string? JobId = null);

/// <summary>
/// Told about every successful commit: schedules timers, dispatches the outbox, tells live views. Runs after the
/// transaction, so a failure here loses nothing (start-up rebuilds timers and re-dispatches the outbox)
/// and is logged rather than failing the operation.
/// </summary>
public interface ICommitObserver
{
    Task OnCommittedAsync(CommitResult result, CancellationToken cancellationToken);
}

/// <param name="ExpectedRevision">The revision the burst started from; null for a new instance.</param>
/// <param name="ConsumedStimulusId">A queued stimulus this burst consumed; deleted in the same transaction.</param>
public sealed record InstanceCommit(
    WorkflowInstance Instance,
    long? ExpectedRevision,
    IReadOnlyList<JournalEntry> Journal,
    IReadOnlyList<OutboxMessage> Outbox,
    Guid? ConsumedStimulusId = null)
{
    /// <summary>Records of other modules (e.g. human tasks) that must commit in the same transaction.</summary>
    public IReadOnlyList<object> Extras { get; init; } = [];

    /// <summary>
    /// The committing node's claim: kept on the instance row while the instance stays Running (the node
    /// carries it on), and put on the bookmarks whose queued events this commit matched (the node
    /// delivers them next). Null: no claim (the instance row's lock is cleared).
    /// </summary>
    public NodeLock? Lock { get; init; }
}

public sealed record BookmarkRef(string InstanceId, string BookmarkId, string Key);

public sealed record QueuedStimulus(Guid Id, string Key, string? PayloadJson, string Actor, DateTimeOffset CreatedAt);

public sealed record StimulusMatch(QueuedStimulus Stimulus, BookmarkRef Bookmark);

/// <summary>Another commit changed the instance (or consumed the stimulus) first.</summary>
public sealed class ConcurrencyConflictException(string message, Exception? inner = null) : Exception(message, inner);
