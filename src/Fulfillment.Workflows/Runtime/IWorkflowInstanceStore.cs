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
    /// <returns>Queued stimuli whose keys match bookmarks created by this commit.</returns>
    Task<IReadOnlyList<StimulusMatch>> CommitAsync(InstanceCommit commit, CancellationToken cancellationToken);

    /// <summary>
    /// Queues a stimulus for a key nobody waits on yet, unless a bookmark on the key exists by now
    /// (checked in the same transaction, so a stimulus is never lost between the two).
    /// </summary>
    /// <returns>The bookmarks that exist after all; empty when the stimulus was queued.</returns>
    Task<IReadOnlyList<BookmarkRef>> QueueStimulusUnlessWaitedAsync(QueuedStimulus stimulus, CancellationToken cancellationToken);

    /// <summary>Instances left Running (a crash mid-run, or a burst that yielded), for the recovery pass.</summary>
    Task<IReadOnlyList<string>> FindRunningInstanceIdsAsync(CancellationToken cancellationToken);

    /// <summary>Queued stimuli that already have a bookmark waiting (left behind by a crash).</summary>
    Task<IReadOnlyList<StimulusMatch>> FindMatchedStimuliAsync(CancellationToken cancellationToken);
}

/// <param name="ExpectedRevision">The revision the burst started from; null for a new instance.</param>
/// <param name="ConsumedStimulusId">A queued stimulus this burst consumed; deleted in the same transaction.</param>
public sealed record InstanceCommit(
    WorkflowInstance Instance,
    long? ExpectedRevision,
    IReadOnlyList<JournalEntry> Journal,
    IReadOnlyList<OutboxMessage> Outbox,
    Guid? ConsumedStimulusId = null);

public sealed record BookmarkRef(string InstanceId, string BookmarkId, string Key);

public sealed record QueuedStimulus(Guid Id, string Key, string? PayloadJson, string Actor, DateTimeOffset CreatedAt);

public sealed record StimulusMatch(QueuedStimulus Stimulus, BookmarkRef Bookmark);

/// <summary>Another commit changed the instance (or consumed the stimulus) first.</summary>
public sealed class ConcurrencyConflictException(string message, Exception? inner = null) : Exception(message, inner);
