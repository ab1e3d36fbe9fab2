using System.Text.Json.Nodes;
using Fulfillment.Operations.Model;
using Fulfillment.Operations.Storage;
using Fulfillment.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Fulfillment.Operations.Shipping;

/// <summary>A carrier scan as the carrier reports it.</summary>
public sealed record CarrierScan(string Code, string Description, DateTimeOffset OccurredAt, string? Location, ShipmentStatus Status);

/// <summary>What a carrier says about one parcel (from a webhook or a tracking poll): its scans so far and where it stands.</summary>
public sealed record TrackingUpdate(string CarrierCode, string TrackingNumber, ShipmentStatus Status, IReadOnlyList<CarrierScan> Scans, DateTimeOffset? EstimatedDeliveryAt = null);

/// <summary>What recording a tracking update did.</summary>
/// <param name="Known">False when no shipment has that carrier and tracking number.</param>
/// <param name="NewScans">Scans not recorded before (0 for a repeated webhook or an unchanged poll).</param>
/// <param name="Resumed">Workflow waits on <c>shipment:&lt;tracking number&gt;</c> that were resumed.</param>
public sealed record TrackingRecorded(bool Known, int NewScans, ShipmentStatus? Status, int Resumed);

/// <summary>
/// The one way tracking news enters: a carrier webhook or the tracking poll hands over what the carrier
/// says; new scans are stored (a scan is unique per shipment, code and time, so repeats add nothing), the
/// shipment's status follows, and every workflow waiting on <c>shipment:&lt;tracking number&gt;</c> is
/// resumed. The stored scans are the truth: <c>WaitForDelivery</c> reads them, so a wait that starts after
/// the news still sees it, and a resume that was lost (a crash after storing) is made up by the next poll
/// (<see cref="WakeOverdueWaitsAsync"/>).
/// </summary>
public sealed class TrackingService(
    IDbContextFactory<OperationsDbContext> contexts,
    IWorkflowInstanceStore instances,
    WorkflowRuntime runtime,
    ILogger<TrackingService> logger)
{
    public const string Actor = "carrier";

    /// <summary>The bookmark key a parcel's waits use.</summary>
    public static string ShipmentKey(string trackingNumber) => $"shipment:{trackingNumber}";

    public async Task<TrackingRecorded> RecordAsync(TrackingUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        var recorded = (await StoreAsync([update], cancellationToken))[0];
        var resumed = recorded.NewScans > 0 ? await WakeAsync(update.TrackingNumber, recorded.Status!.Value, cancellationToken) : 0;
        return recorded with { Resumed = resumed };
    }

    /// <summary>
    /// Records a tracking poll's updates in one transaction (one write to the disk, not one per parcel with
    /// news), then resumes the waits of every parcel with news. A resume that fails is logged and left to
    /// the next poll's <see cref="WakeOverdueWaitsAsync"/>, so one instance's fault stops no other parcel.
    /// </summary>
    /// <returns>What was recorded for each update, in order.</returns>
    public async Task<IReadOnlyList<TrackingRecorded>> RecordAllAsync(IReadOnlyList<TrackingUpdate> updates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updates);
        var recorded = (await StoreAsync(updates, cancellationToken)).ToArray();
        for (var i = 0; i < recorded.Length; i++)
        {
            if (recorded[i].NewScans == 0)
            {
                continue;
            }

            try
            {
                recorded[i] = recorded[i] with { Resumed = await WakeAsync(updates[i].TrackingNumber, recorded[i].Status!.Value, cancellationToken) };
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Resuming the waits on {Key} failed; the next poll tries again", ShipmentKey(updates[i].TrackingNumber));
            }
        }

        return recorded;
    }

    /// <summary>Stores the news of <paramref name="updates"/> (nothing resumed yet) in one transaction, if there is any.</summary>
    private async Task<IReadOnlyList<TrackingRecorded>> StoreAsync(IReadOnlyList<TrackingUpdate> updates, CancellationToken cancellationToken)
    {
        // Instants are stored to the millisecond or so (binary ticks); compare scans as they will be stored.
        var normalized = updates
            .Select(u => u with { Scans = [.. u.Scans.Select(s => s with { OccurredAt = Stored(s.OccurredAt) })] })
            .ToList();
        var results = new TrackingRecorded[normalized.Count];
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);

        // Most polls bring nothing new: look first, and take the write lock only for news.
        var seen = await LoadAsync(db.Shipments.AsNoTracking(), normalized, cancellationToken);
        var withNews = new List<int>();
        for (var i = 0; i < normalized.Count; i++)
        {
            var update = normalized[i];
            if (!seen.TryGetValue((update.CarrierCode, update.TrackingNumber), out var shipment))
            {
                results[i] = new TrackingRecorded(false, 0, null, 0);
                continue;
            }

            var stored = shipment.TrackingEvents.Select(e => (e.Code, e.OccurredAt)).ToHashSet();
            if (update.Scans.All(scan => stored.Contains((scan.Code, scan.OccurredAt))))
            {
                results[i] = new TrackingRecorded(true, 0, shipment.Status, 0);
                continue;
            }

            withNews.Add(i);
        }

        if (withNews.Count == 0)
        {
            return results;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var shipments = await LoadAsync(db.Shipments, [.. withNews.Select(i => normalized[i])], cancellationToken);
        foreach (var i in withNews)
        {
            var update = normalized[i];
            results[i] = shipments.TryGetValue((update.CarrierCode, update.TrackingNumber), out var shipment)
                ? Apply(shipment, update)
                : new TrackingRecorded(false, 0, null, 0);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return results;
    }

    private static async Task<Dictionary<(string CarrierCode, string TrackingNumber), Shipment>> LoadAsync(
        IQueryable<Shipment> shipments, IReadOnlyList<TrackingUpdate> updates, CancellationToken cancellationToken)
    {
        // Carriers and tracking numbers narrow it down in SQL (on the unique index); exact pairs are matched here.
        var codes = updates.Select(u => u.CarrierCode).Distinct().ToList();
        var numbers = updates.Select(u => u.TrackingNumber).Distinct().ToList();
        var wanted = updates.Select(u => (u.CarrierCode, u.TrackingNumber)).ToHashSet();
        return (await shipments.Include(s => s.TrackingEvents)
                .Where(s => codes.Contains(s.CarrierCode) && s.TrackingNumber != null && numbers.Contains(s.TrackingNumber))
                .ToListAsync(cancellationToken))
            .Where(s => wanted.Contains((s.CarrierCode, s.TrackingNumber!)))
            .GroupBy(s => (s.CarrierCode, s.TrackingNumber!))
            .ToDictionary(g => g.Key, g => g.First());
    }

    /// <summary>Adds an update's new scans to its (tracked) shipment and moves the shipment's status.</summary>
    private static TrackingRecorded Apply(Shipment shipment, TrackingUpdate update)
    {
        var latestKnown = shipment.TrackingEvents.Count == 0 ? DateTimeOffset.MinValue : shipment.TrackingEvents.Max(e => e.OccurredAt);
        var known = shipment.TrackingEvents.Select(e => (e.Code, e.OccurredAt)).ToHashSet();
        var fresh = update.Scans
            .Where(s => known.Add((s.Code, s.OccurredAt)))
            .OrderBy(s => s.OccurredAt)
            .ToList();
        foreach (var scan in fresh)
        {
            shipment.TrackingEvents.Add(new TrackingEvent { Code = scan.Code, Description = scan.Description, OccurredAt = scan.OccurredAt, Location = scan.Location });
            if (scan.Status is ShipmentStatus.PickedUp or ShipmentStatus.InTransit or ShipmentStatus.OutForDelivery or ShipmentStatus.Delivered)
            {
                shipment.PickedUpAt ??= scan.OccurredAt;
            }

            if (scan.Status == ShipmentStatus.Delivered)
            {
                shipment.DeliveredAt ??= scan.OccurredAt;
            }
        }

        // A cancelled booking stays cancelled whatever a late scan says, and a webhook that arrives
        // out of order (an older scan after a newer one) does not move the parcel back.
        var newest = update.Scans.Count == 0 ? DateTimeOffset.MaxValue : update.Scans.Max(s => s.OccurredAt);
        if (shipment.Status != ShipmentStatus.Cancelled && newest >= latestKnown)
        {
            shipment.Status = update.Status;
        }

        shipment.EstimatedDeliveryAt = update.EstimatedDeliveryAt?.ToUniversalTime() ?? shipment.EstimatedDeliveryAt;
        return new TrackingRecorded(true, fresh.Count, shipment.Status, 0);
    }

    /// <summary>
    /// Resumes waits whose parcel has scans that happened after the wait began: their resume was lost
    /// (a crash between storing and resuming) or raced with the wait's own commit. Run by every poll.
    /// </summary>
    public async Task<int> WakeOverdueWaitsAsync(IReadOnlyCollection<(string TrackingNumber, DateTimeOffset WaitingSince)> waits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(waits);
        if (waits.Count == 0)
        {
            return 0;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var numbers = waits.Select(w => w.TrackingNumber).Distinct().ToList();
        var latest = (await db.Shipments.AsNoTracking().Include(s => s.TrackingEvents)
                .Where(s => s.TrackingNumber != null && numbers.Contains(s.TrackingNumber))
                .ToListAsync(cancellationToken))
            .Where(s => s.TrackingEvents.Count > 0)
            .ToDictionary(s => s.TrackingNumber!, s => (s.Status, Latest: s.TrackingEvents.Max(e => e.OccurredAt)));
        var resumed = 0;
        foreach (var (trackingNumber, since) in waits)
        {
            if (latest.TryGetValue(trackingNumber, out var shipment) && shipment.Latest > since)
            {
                resumed += await WakeAsync(trackingNumber, shipment.Status, cancellationToken);
            }
        }

        return resumed;
    }

    /// <summary>An instant as the database keeps it: UTC, whole milliseconds.</summary>
    private static DateTimeOffset Stored(DateTimeOffset at)
    {
        var ticks = at.UtcTicks;
        return new DateTimeOffset(ticks - ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
    }

    private async Task<int> WakeAsync(string trackingNumber, ShipmentStatus status, CancellationToken cancellationToken)
    {
        var key = ShipmentKey(trackingNumber);
        var payload = new JsonObject { ["trackingNumber"] = trackingNumber, ["status"] = status.ToString() };
        var resumed = 0;
        foreach (var bookmark in await instances.FindBookmarksAsync(key, cancellationToken))
        {
            // Never queued: a wait that begins later reads the stored scans itself.
            if (await runtime.ResumeAsync(bookmark.InstanceId, bookmark.BookmarkId, payload, Actor, cancellationToken))
            {
                resumed++;
            }
            else
            {
                logger.LogDebug("The wait on {Key} of instance {InstanceId} was gone or could not take the news", key, bookmark.InstanceId);
            }
        }

        return resumed;
    }
}
