using Fulfillment.Workflows.EntityFrameworkCore.Entities;
using Fulfillment.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fulfillment.Workflows.EntityFrameworkCore;

public sealed class OutboxOptions
{
    /// <summary>Attempts before a message is parked as Failed for an operator.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Wait before the second attempt; doubles with each failure.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a dispatcher owns a message; a crashed dispatcher's message is taken over after it.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);
}

/// <param name="Delivered">The handler succeeded (now or earlier).</param>
/// <param name="RetryAt">Set when the attempt failed and another is due then.</param>
public sealed record OutboxDispatchResult(bool Delivered, DateTimeOffset? RetryAt);

public sealed record OutboxMessageView(
    Guid Id, string Kind, string IdempotencyKey, string? InstanceId, string Status, int Attempts,
    DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt, DateTimeOffset? DispatchedAt, string? LastError);

/// <summary>
/// Sends stored outbox messages through their <see cref="IOutboxHandler"/>. A message is claimed
/// with a lease before its handler runs, so two dispatchers (two jobs, two nodes) never send it at
/// the same time; failures back off exponentially and end as Failed after the last attempt.
/// </summary>
public sealed class OutboxDispatcher(
    IDbContextFactory<WorkflowDbContext> contexts,
    IEnumerable<IOutboxHandler> handlers,
    TimeProvider clock,
    IOptions<OutboxOptions> options,
    IOptions<WorkflowEngineOptions> engineOptions,
    ILogger<OutboxDispatcher> logger)
{
    private readonly Dictionary<string, IOutboxHandler> _handlers = handlers.ToDictionary(h => h.Kind, StringComparer.Ordinal);

    public async Task<OutboxDispatchResult> DispatchAsync(Guid messageId, CancellationToken cancellationToken)
    {
        var message = await ClaimAsync(messageId, cancellationToken);
        if (message is null)
        {
            return new OutboxDispatchResult(Delivered: false, RetryAt: null);
        }

        try
        {
            if (!_handlers.TryGetValue(message.Kind, out var handler))
            {
                throw new InvalidOperationException($"No outbox handler is registered for kind '{message.Kind}'.");
            }

            await handler.HandleAsync(
                new OutboxMessage(message.Id, message.Kind, message.IdempotencyKey, message.PayloadJson, message.InstanceId, message.CreatedAt),
                cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return await RecordFailureAsync(message, ex);
        }

        await UpdateAsync(message.Id, m => m
            .SetProperty(r => r.Status, OutboxStatus.Dispatched)
            .SetProperty(r => r.DispatchedAt, clock.GetUtcNow())
            .SetProperty(r => r.LockedUntil, (DateTimeOffset?)null)
            .SetProperty(r => r.LastError, (string?)null));
        return new OutboxDispatchResult(Delivered: true, RetryAt: null);
    }

    /// <summary>Dispatches every pending message that is due now (start-up, simulation, safety sweep).</summary>
    /// <returns>How many were delivered.</returns>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var delivered = 0;
        foreach (var id in await FindDueAsync(cancellationToken))
        {
            if ((await DispatchAsync(id, cancellationToken)).Delivered)
            {
                delivered++;
            }
        }

        return delivered;
    }

    /// <summary>
    /// Waits (in real time, up to <paramref name="limit"/>) until no message is being handed over by
    /// another dispatcher, so a caller that drained the outbox knows everything due has left.
    /// </summary>
    public async Task WaitForInFlightAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = TimeProvider.System.GetUtcNow() + limit;
        while (TimeProvider.System.GetUtcNow() < deadline)
        {
            await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            {
                if (!await db.Outbox.AnyAsync(o => o.Status == OutboxStatus.Dispatching, cancellationToken))
                {
                    return;
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System, cancellationToken);
        }
    }

    /// <summary>
    /// Messages delivered (by any dispatcher) after <paramref name="instant"/> on the engine's clock;
    /// with a simulated clock, those delivered while it moved on from that instant.
    /// </summary>
    public async Task<int> CountDispatchedAfterAsync(DateTimeOffset instant, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Outbox.CountAsync(o => o.Status == OutboxStatus.Dispatched && o.DispatchedAt > instant, cancellationToken);
    }

    public async Task<IReadOnlyList<Guid>> FindDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Outbox.AsNoTracking()
            .Where(o => (o.Status == OutboxStatus.Pending && o.NextAttemptAt <= now)
                || (o.Status == OutboxStatus.Dispatching && o.LockedUntil < now))
            .OrderBy(o => o.CreatedAt)
            .Select(o => o.Id)
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<OutboxMessageView>> ListAsync(string? status, int take, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Outbox.AsNoTracking();
        if (status is not null)
        {
            query = query.Where(o => o.Status == status);
        }

        return await query
            .OrderByDescending(o => o.CreatedAt)
            .Take(Math.Clamp(take, 1, 1000))
            .Select(o => new OutboxMessageView(o.Id, o.Kind, o.IdempotencyKey, o.InstanceId, o.Status, o.Attempts,
                o.CreatedAt, o.NextAttemptAt, o.DispatchedAt, o.LastError))
            .ToListAsync(cancellationToken);
    }

    /// <summary>An operator's retry of a Failed message: it becomes pending with a fresh set of attempts.</summary>
    /// <returns>False when the message does not exist or is not Failed.</returns>
    public async Task<bool> RequeueAsync(Guid messageId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        return await db.Outbox
            .Where(o => o.Id == messageId && o.Status == OutboxStatus.Failed)
            .ExecuteUpdateAsync(s => s
                .SetProperty(o => o.Status, OutboxStatus.Pending)
                .SetProperty(o => o.Attempts, 0)
                .SetProperty(o => o.NextAttemptAt, now), cancellationToken) == 1;
    }

    private async Task<OutboxMessageRecord?> ClaimAsync(Guid messageId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var lease = now + options.Value.Lease;
        var node = engineOptions.Value.NodeName;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);

        // One conditional UPDATE is the claim: whoever changes the row owns this attempt.
        var claimed = await db.Outbox
            .Where(o => o.Id == messageId
                && ((o.Status == OutboxStatus.Pending && o.NextAttemptAt <= now)
                    || (o.Status == OutboxStatus.Dispatching && o.LockedUntil < now)))
            .ExecuteUpdateAsync(s => s
                .SetProperty(o => o.Status, OutboxStatus.Dispatching)
                .SetProperty(o => o.LockedBy, node)
                .SetProperty(o => o.LockedUntil, lease)
                .SetProperty(o => o.Attempts, o => o.Attempts + 1), cancellationToken);
        return claimed == 1 ? await db.Outbox.AsNoTracking().FirstAsync(o => o.Id == messageId, cancellationToken) : null;
    }

    private async Task<OutboxDispatchResult> RecordFailureAsync(OutboxMessageRecord message, Exception error)
    {
        var settings = options.Value;
        var text = $"{error.GetType().Name}: {error.Message}";
        if (message.Attempts >= settings.MaxAttempts)
        {
            logger.LogError(error, "Outbox message {MessageId} ({Kind}) failed for good after {Attempts} attempts", message.Id, message.Kind, message.Attempts);
            await UpdateAsync(message.Id, m => m
                .SetProperty(r => r.Status, OutboxStatus.Failed)
                .SetProperty(r => r.LockedUntil, (DateTimeOffset?)null)
                .SetProperty(r => r.LastError, text));
            return new OutboxDispatchResult(Delivered: false, RetryAt: null);
        }

        var delay = TimeSpan.FromTicks(Math.Min(
            settings.MaxRetryDelay.Ticks,
            settings.FirstRetryDelay.Ticks * (1L << Math.Min(message.Attempts - 1, 30))));
        var retryAt = clock.GetUtcNow() + delay;
        logger.LogWarning("Outbox message {MessageId} ({Kind}) attempt {Attempt} failed: {Error}; retrying at {RetryAt}",
            message.Id, message.Kind, message.Attempts, text, retryAt);
        await UpdateAsync(message.Id, m => m
            .SetProperty(r => r.Status, OutboxStatus.Pending)
            .SetProperty(r => r.NextAttemptAt, retryAt)
            .SetProperty(r => r.LockedUntil, (DateTimeOffset?)null)
            .SetProperty(r => r.LastError, text));
        return new OutboxDispatchResult(Delivered: false, RetryAt: retryAt);
    }

    /// <summary>
    /// Records an attempt's result. Deliberately not cancellable: once the handler has run, skipping
    /// this would leave the message leased and send it again after the lease.
    /// </summary>
    private async Task UpdateAsync(Guid messageId, Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<OutboxMessageRecord>> setters)
    {
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        await db.Outbox.Where(o => o.Id == messageId).ExecuteUpdateAsync(s =>
        {
            setters(s);
            s.SetProperty(r => r.LockedBy, (string?)null);
        }, CancellationToken.None);
    }
}
