using Fulfillment.Operations.Model;
using Fulfillment.Operations.Storage;
using Microsoft.EntityFrameworkCore;

namespace Fulfillment.Operations.Shipping;

/// <summary>An order's shipments as the shipping steps read them.</summary>
public sealed class ShipmentService(IDbContextFactory<OperationsDbContext> contexts)
{
    /// <summary>The order's shipment with this tracking number, or (without one) its newest shipment that is not cancelled; with its scans.</summary>
    public async Task<Shipment?> FindAsync(int orderId, string? trackingNumber, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var shipments = db.Shipments.AsNoTracking().Include(s => s.TrackingEvents).Where(s => s.OrderId == orderId);
        return string.IsNullOrWhiteSpace(trackingNumber)
            ? await shipments.Where(s => s.Status != ShipmentStatus.Cancelled).OrderByDescending(s => s.Id).FirstOrDefaultAsync(cancellationToken)
            : await shipments.FirstOrDefaultAsync(s => s.TrackingNumber == trackingNumber.Trim(), cancellationToken);
    }
}
