using System.Text.Json;
using Fulfillment.Workflows.EntityFrameworkCore.Entities;
using Fulfillment.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Fulfillment.Workflows.EntityFrameworkCore;

/// <summary>
/// Instance storage on EF Core. A commit is one database transaction holding the instance row
/// (guarded by its revision), the bookmark index, journal entries, outbox messages and the
/// consumed stimulus.
/// </summary>
public sealed class EfWorkflowInstanceStore(
    IDbContextFactory<WorkflowDbContext> contexts,
    FulfillmentDatabase database,
    IEnumerable<IWorkflowCommitParticipant> participants) : IWorkflowInstanceStore
{
    private readonly IWorkflowCommitParticipant[] _participants = [.. participants];

    public async Task<WorkflowInstance?> FindAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = await db.Instances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken);
        return record is null ? null : ToInstance(record);
    }

    public async Task<IReadOnlyList<BookmarkRef>> FindBookmarksAsync(string key, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await FindBookmarksAsync(db, key, cancellationToken);
    }

    public async Task<CommitResult> CommitAsync(InstanceCommit commit, CancellationToken cancellationToken)
    {
        var instance = commit.Instance;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);

        // Running means "this node carries on with it": its lock keeps recovery passes of other nodes away.
        var instanceLock = instance.Status == WorkflowStatus.Running ? commit.Lock : null;
        var newRevision = (commit.ExpectedRevision ?? 0) + 1;
        var record = new WorkflowInstanceRecord
        {
            Id = instance.Id,
            WorkflowId = instance.WorkflowId,
            Version = instance.Version,
            Status = instance.Status.ToString(),
            CorrelationId = instance.CorrelationId,
            StateJson = JsonSerializer.Serialize(instance.State, WorkflowJson.Options),
            CreatedAt = instance.CreatedAt,
            UpdatedAt = instance.UpdatedAt,
            Revision = newRevision,
            LockedBy = instanceLock?.Node,
            LockedUntil = instanceLock?.Until,
        };

        // The state is serialised above, before the transaction: on SQLite the transaction holds the one write lock.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var existingBookmarks = new List<BookmarkRecord>();
        if (commit.ExpectedRevision is { } expected)
        {
            db.Instances.Attach(record);
            var entry = db.Entry(record);
            entry.Property(r => r.Revision).OriginalValue = expected;
            // The version changes only when an operator migrates the instance.
            foreach (var property in new[]
                     {
                         nameof(record.Version), nameof(record.Status), nameof(record.StateJson), nameof(record.UpdatedAt),
                         nameof(record.Revision), nameof(record.LockedBy), nameof(record.LockedUntil),
                     })
            {
                entry.Property(property).IsModified = true;
            }

            existingBookmarks = await db.Bookmarks.Where(b => b.InstanceId == instance.Id).ToListAsync(cancellationToken);
        }
        else
        {
            db.Instances.Add(record);
        }

        var wanted = instance.State.Bookmarks.ToDictionary(b => b.Id, StringComparer.Ordinal);
        var removed = existingBookmarks.Where(b => !wanted.ContainsKey(b.Id)).ToList();
        db.Bookmarks.RemoveRange(removed);
        var existingIds = existingBookmarks.Select(b => b.Id).ToHashSet(StringComparer.Ordinal);
        var added = wanted.Values.Where(b => !existingIds.Contains(b.Id)).Select(b => new BookmarkRecord
        {
            Id = b.Id,
            InstanceId = instance.Id,
            Key = b.Key,
            ActivityId = b.ActivityId,
            CreatedAt = b.CreatedAt,
            // UTC only: on SQLite instants are stored as ticks, and only same-offset values order correctly.
            DueAt = b.DueAt?.ToUniversalTime(),
        }).ToList();
        db.Bookmarks.AddRange(added);

        // Before looking for queued events on the new keys and for stored outbox keys: a concurrent
        // transaction that queues such an event or stores such a message is then either seen or waits.
        await db.Database.LockKeysAsync(
            added.Select(b => BookmarkLockKey(b.Key)).Concat(commit.Outbox.Select(m => OutboxLockKey(m.IdempotencyKey))), cancellationToken);
        if (commit.ConsumedStimulusId is { } stimulusId)
        {
            var deleted = await db.Stimuli.Where(s => s.Id == stimulusId).ExecuteDeleteAsync(cancellationToken);
            if (deleted == 0)
            {
                throw new StimulusConsumedException(stimulusId);
            }
        }

        var matches = await FindStimuliForAsync(db, added.Select(b => new BookmarkRef(instance.Id, b.Id, b.Key)), cancellationToken);
        foreach (var matched in added.Where(b => matches.Any(m => m.Bookmark.BookmarkId == b.Id)))
        {
            // This node delivers the event right after the commit; recovery passes leave it alone meanwhile.
            matched.LockedBy = commit.Lock?.Node;
            matched.LockedUntil = commit.Lock?.Until;
        }

        db.Journal.AddRange(commit.Journal.Select(ToRecord));
        var outboxIds = await AddOutboxAsync(db, commit.Outbox, cancellationToken);

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new ConcurrencyConflictException($"Instance '{instance.Id}' was changed by another commit.", ex);
        }

        if (_participants.Length > 0)
        {
            var context = new WorkflowCommitContext(db.Database.GetDbConnection(), transaction.GetDbTransaction(), commit, database.Provider);
            foreach (var participant in _participants)
            {
                await participant.OnCommittingAsync(context, cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        instance.Revision = newRevision;
        return new CommitResult(
            matches,
            added.Where(b => b.DueAt is not null).Select(b => new TimerRef(instance.Id, b.Id, b.DueAt!.Value)).ToList(),
            removed.Select(b => b.SchedulerJobId).OfType<string>().ToList(),
            outboxIds);
    }

    public async Task<IReadOnlyList<BookmarkRef>> QueueStimulusUnlessWaitedAsync(QueuedStimulus stimulus, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.LockKeysAsync([BookmarkLockKey(stimulus.Key)], cancellationToken);
        var bookmarks = await FindBookmarksAsync(db, stimulus.Key, cancellationToken);
        if (bookmarks.Count > 0)
        {
            return bookmarks;
        }

        db.Stimuli.Add(ToRecord(stimulus));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return [];
    }

    public async Task QueueStimulusAsync(QueuedStimulus stimulus, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Stimuli.Add(ToRecord(stimulus));
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> FindRunningInstanceIdsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var running = WorkflowStatus.Running.ToString();
        return await db.Instances
            .Where(i => i.Status == running && (i.LockedUntil == null || i.LockedUntil < now))
            .Select(i => i.Id)
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<StimulusMatch>> FindMatchedStimuliAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var pairs = await (
            from s in db.Stimuli
            join b in db.Bookmarks on s.Key equals b.Key
            where b.LockedUntil == null || b.LockedUntil < now
            orderby s.CreatedAt
            select new { Stimulus = s, Bookmark = b }).AsNoTracking().ToListAsync(cancellationToken);

        // One stimulus resumes one bookmark: the oldest waiting one.
        return pairs
            .GroupBy(p => p.Stimulus.Id)
            .Select(g => g.OrderBy(p => p.Bookmark.CreatedAt).First())
            .Select(p => new StimulusMatch(ToStimulus(p.Stimulus), new BookmarkRef(p.Bookmark.InstanceId, p.Bookmark.Id, p.Bookmark.Key)))
            .ToList();
    }

    public async Task<bool> TryLockInstanceAsync(string instanceId, NodeLock claim, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var running = WorkflowStatus.Running.ToString();

        // One conditional UPDATE is the claim: of two nodes, the second finds the lock taken (on PostgreSQL it
        // waits for the first's row lock, then re-checks the condition on the updated row).
        return await db.Instances
            .Where(i => i.Id == instanceId && i.Status == running && (i.LockedUntil == null || i.LockedUntil < now))
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.LockedBy, claim.Node)
                .SetProperty(i => i.LockedUntil, claim.Until), cancellationToken) == 1;
    }

    public async Task<bool> TryLockBookmarkAsync(string bookmarkId, NodeLock claim, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Bookmarks
            .Where(b => b.Id == bookmarkId && (b.LockedUntil == null || b.LockedUntil < now))
            .ExecuteUpdateAsync(s => s
                .SetProperty(b => b.LockedBy, claim.Node)
                .SetProperty(b => b.LockedUntil, claim.Until), cancellationToken) == 1;
    }

    public async Task UnlockBookmarkAsync(string bookmarkId, string node, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Bookmarks
            .Where(b => b.Id == bookmarkId && b.LockedBy == node)
            .ExecuteUpdateAsync(s => s
                .SetProperty(b => b.LockedBy, (string?)null)
                .SetProperty(b => b.LockedUntil, (DateTimeOffset?)null), cancellationToken);
    }

    public async Task<int> ReleaseLocksAsync(string node, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var instances = await db.Instances
            .Where(i => i.LockedBy == node)
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.LockedBy, (string?)null)
                .SetProperty(i => i.LockedUntil, (DateTimeOffset?)null), cancellationToken);
        var bookmarks = await db.Bookmarks
            .Where(b => b.LockedBy == node)
            .ExecuteUpdateAsync(s => s
                .SetProperty(b => b.LockedBy, (string?)null)
                .SetProperty(b => b.LockedUntil, (DateTimeOffset?)null), cancellationToken);

        // Messages this node was sending when it stopped: due again now (the receiver drops a repeat by its key).
        var messages = await db.Outbox
            .Where(o => o.Status == OutboxStatus.Dispatching && o.LockedBy == node)
            .ExecuteUpdateAsync(s => s
                .SetProperty(o => o.Status, OutboxStatus.Pending)
                .SetProperty(o => o.LockedBy, (string?)null)
                .SetProperty(o => o.LockedUntil, (DateTimeOffset?)null), cancellationToken);
        return instances + bookmarks + messages;
    }

    public async Task<IReadOnlyList<TimerRef>> FindDueTimersAsync(DateTimeOffset until, int max, CancellationToken cancellationToken)
    {
        until = until.ToUniversalTime();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Bookmarks.AsNoTracking()
            .Where(b => b.DueAt != null && b.DueAt <= until)
            .OrderBy(b => b.DueAt)
            .Take(max)
            .Select(b => new TimerRef(b.InstanceId, b.Id, b.DueAt!.Value, b.SchedulerJobId))
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<TimerRef>> FindTimersAsync(bool onlyUnscheduled, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var timers = db.Bookmarks.AsNoTracking().Where(b => b.DueAt != null);
        if (onlyUnscheduled)
        {
            timers = timers.Where(b => b.SchedulerJobId == null);
        }

        return await timers
            .OrderBy(b => b.DueAt)
            .Select(b => new TimerRef(b.InstanceId, b.Id, b.DueAt!.Value, b.SchedulerJobId))
            .ToListAsync(cancellationToken);
    }

    public async Task SetTimerJobIdAsync(string bookmarkId, string jobId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Bookmarks.Where(b => b.Id == bookmarkId)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.SchedulerJobId, jobId), cancellationToken);
    }

    internal static WorkflowInstance ToInstance(WorkflowInstanceRecord record) => new()
    {
        Id = record.Id,
        WorkflowId = record.WorkflowId,
        Version = record.Version,
        CorrelationId = record.CorrelationId,
        Status = Enum.Parse<WorkflowStatus>(record.Status),
        CreatedAt = record.CreatedAt,
        UpdatedAt = record.UpdatedAt,
        Revision = record.Revision,
        State = JsonSerializer.Deserialize<InstanceState>(record.StateJson, WorkflowJson.Options)
            ?? throw new InvalidOperationException($"Instance '{record.Id}' has no state."),
    };

    private static async Task<IReadOnlyList<BookmarkRef>> FindBookmarksAsync(WorkflowDbContext db, string key, CancellationToken cancellationToken) =>
        await db.Bookmarks.AsNoTracking()
            .Where(b => b.Key == key)
            .OrderBy(b => b.CreatedAt)
            .Select(b => new BookmarkRef(b.InstanceId, b.Id, b.Key))
            .ToListAsync(cancellationToken);

    private static async Task<IReadOnlyList<StimulusMatch>> FindStimuliForAsync(
        WorkflowDbContext db, IEnumerable<BookmarkRef> newBookmarks, CancellationToken cancellationToken)
    {
        var byKey = newBookmarks.GroupBy(b => b.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        if (byKey.Count == 0)
        {
            return [];
        }

        var keys = byKey.Keys.ToList();
        var stimuli = await db.Stimuli.AsNoTracking().Where(s => keys.Contains(s.Key)).OrderBy(s => s.CreatedAt).ToListAsync(cancellationToken);
        return stimuli.Select(s => new StimulusMatch(ToStimulus(s), byKey[s.Key])).ToList();
    }

    private static async Task<IReadOnlyList<Guid>> AddOutboxAsync(WorkflowDbContext db, IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return [];
        }

        // A message re-queued by a re-executed activity (after a crash) is already stored: keep the first.
        var keys = messages.Select(m => m.IdempotencyKey).ToList();
        var stored = await db.Outbox.Where(o => keys.Contains(o.IdempotencyKey)).Select(o => o.IdempotencyKey).ToListAsync(cancellationToken);
        var seen = stored.ToHashSet(StringComparer.Ordinal);
        var ids = new List<Guid>();
        foreach (var message in messages.Where(m => seen.Add(m.IdempotencyKey)))
        {
            ids.Add(message.Id);
            db.Outbox.Add(new OutboxMessageRecord
            {
                Id = message.Id,
                Kind = message.Kind,
                IdempotencyKey = message.IdempotencyKey,
                PayloadJson = message.PayloadJson,
                InstanceId = message.InstanceId,
                CreatedAt = message.CreatedAt,
                Status = OutboxStatus.Pending,
                NextAttemptAt = message.CreatedAt,
            });
        }

        return ids;
    }

    private static JournalEntryRecord ToRecord(JournalEntry entry) => new()
    {
        InstanceId = entry.InstanceId,
        At = entry.At,
        Kind = entry.Kind.ToString(),
        Actor = entry.Actor,
        ActivityId = entry.ActivityId,
        ActivityType = entry.ActivityType,
        ActivityName = entry.ActivityName,
        Outcome = entry.Outcome,
        Message = entry.Message,
        DataJson = entry.DataJson,
        Node = entry.Node,
    };

    private static StimulusRecord ToRecord(QueuedStimulus stimulus) => new()
    {
        Id = stimulus.Id,
        Key = stimulus.Key,
        PayloadJson = stimulus.PayloadJson,
        Actor = stimulus.Actor,
        CreatedAt = stimulus.CreatedAt,
    };

    private static string BookmarkLockKey(string key) => "bookmark:" + key;

    private static string OutboxLockKey(string idempotencyKey) => "outbox:" + idempotencyKey;

    private static QueuedStimulus ToStimulus(StimulusRecord s) => new(s.Id, s.Key, s.PayloadJson, s.Actor, s.CreatedAt);
}

/// <summary>States of an outbox message.</summary>
public static class OutboxStatus
{
    public const string Pending = "Pending";
    public const string Dispatching = "Dispatching";
    public const string Dispatched = "Dispatched";
    public const string Failed = "Failed";
}
