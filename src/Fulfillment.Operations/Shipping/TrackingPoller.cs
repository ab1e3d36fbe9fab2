using Fulfillment.Operations.Carriers;
using Fulfillment.Operations.Model;
using Fulfillment.Operations.Storage;
using Fulfillment.Workflows.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fulfillment.Operations.Shipping;

/// <summary>What one poll did.</summary>
/// <param name="Polled">Open shipments asked about.</param>
/// <param name="NewScans">Scans recorded for the first time.</param>
/// <param name="Resumed">Waits on <c>shipment:&lt;tracking number&gt;</c> resumed (by news, or because their resume had been lost).</param>
public sealed record PollResult(int Polled, int NewScans, int Resumed);

/// <summary>
/// The tracking poll for carriers that do not post webhooks: asks the carrier about every open shipment
/// (booked, not yet delivered, damaged, lost or cancelled) as of the engine's clock, records the news
/// through <see cref="TrackingService"/>, and resumes waits whose news was stored but never delivered.
/// Run by a Hangfire recurring job, and by <c>POST /api/simulation/advance</c> at every step of the
/// simulated clock, so tracking advances with virtual time.
/// </summary>
public sealed partial class TrackingPoller(
    IDbContextFactory<OperationsDbContext> operations,
    IDbContextFactory<WorkflowDbContext> workflows,
    ICarrierRegistry carriers,
    TrackingService tracking,
    IOptions<ShippingOptions> options,
    TimeProvider clock,
    ILogger<TrackingPoller> logger)
{
    private static readonly ShipmentStatus[] Final = [ShipmentStatus.Delivered, ShipmentStatus.Damaged, ShipmentStatus.Lost, ShipmentStatus.Cancelled];

    public async Task<PollResult> PollAsync(CancellationToken cancellationToken)
    {
        List<(string Carrier, string TrackingNumber, string Data)> open;
        await using (var db = await operations.CreateDbContextAsync(cancellationToken))
        {
            open = (await db.Shipments.AsNoTracking()
                    .Where(s => !Final.Contains(s.Status) && s.TrackingNumber != null && s.CarrierDataJson != null)
                    .OrderBy(s => s.Id)
                    .Select(s => new { s.CarrierCode, s.TrackingNumber, s.CarrierDataJson })
                    .ToListAsync(cancellationToken))
                .Select(s => (s.CarrierCode, s.TrackingNumber!, s.CarrierDataJson!))
                .ToList();
        }

        var updates = new List<TrackingUpdate>();
        var now = clock.GetUtcNow();
        foreach (var (code, trackingNumber, data) in open)
        {
            if (options.Value.PostsWebhooks(code))
            {
                continue;
            }

            if (!carriers.TryGet(code, out var carrier))
            {
                LogUnknownCarrier(trackingNumber, code);
                continue;
            }

            try
            {
                updates.Add(TrackingStatusMap.ToUpdate(carrier.Code, await carrier.TrackAsync(data, now, cancellationToken)));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One carrier's outage must not stop the others' parcels; the next poll asks again.
                LogPollFailed(ex, trackingNumber, code);
            }
        }

        // The whole poll's news in one transaction: one write, however many parcels moved.
        var recorded = await tracking.RecordAllAsync(updates, cancellationToken);
        var scans = recorded.Sum(r => r.NewScans);
        var resumed = recorded.Sum(r => r.Resumed);
        resumed += await tracking.WakeOverdueWaitsAsync(await WaitsAsync(cancellationToken), cancellationToken);
        return new PollResult(updates.Count, scans, resumed);
    }

    /// <summary>Every wait on a parcel (bookmark <c>shipment:&lt;tracking number&gt;</c>) and when it began.</summary>
    private async Task<IReadOnlyCollection<(string TrackingNumber, DateTimeOffset WaitingSince)>> WaitsAsync(CancellationToken cancellationToken)
    {
        const string prefix = "shipment:";
        await using var db = await workflows.CreateDbContextAsync(cancellationToken);
        return (await db.Bookmarks.AsNoTracking()
                .Where(b => b.Key.StartsWith(prefix))
                .Select(b => new { b.Key, b.CreatedAt })
                .ToListAsync(cancellationToken))
            .Select(b => (b.Key[prefix.Length..], b.CreatedAt))
            .ToList();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shipment {TrackingNumber} is booked with carrier '{Carrier}', which is not registered: not tracked")]
    private partial void LogUnknownCarrier(string trackingNumber, string carrier);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tracking {TrackingNumber} with carrier '{Carrier}' failed; the next poll asks again")]
    private partial void LogPollFailed(Exception exception, string trackingNumber, string carrier);
}
