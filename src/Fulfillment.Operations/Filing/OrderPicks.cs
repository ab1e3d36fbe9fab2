using Fulfillment.Operations.Inventory;
using Fulfillment.Operations.Model;
using Fulfillment.Operations.Storage;
using Microsoft.EntityFrameworkCore;

namespace Fulfillment.Operations.Filing;

/// <summary>
/// Where the order's units were (or are to be) picked: held and already shipped reservations alike,
/// so a packing slip filed after the goods left still names their shelves.
/// </summary>
public sealed class OrderPicks(IDbContextFactory<OperationsDbContext> contexts)
{
    public async Task<IReadOnlyList<PickItem>> LoadAsync(int orderId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Reservations.AsNoTracking()
            .Where(r => r.OrderId == orderId && (r.Status == ReservationStatus.Reserved || r.Status == ReservationStatus.Committed))
            .Join(db.OrderLines, r => r.OrderLineId, l => l.Id, (r, l) => new { r, l })
            .OrderBy(x => x.r.StockItem!.Location!.Warehouse!.DistanceRank).ThenBy(x => x.r.StockItem!.Location!.Code).ThenBy(x => x.l.LineNumber)
            .Select(x => new PickItem(x.l.LineNumber, x.l.Sku, x.l.ProductName, x.r.StockItem!.Location!.WarehouseCode,
                x.r.StockItem.Location.Warehouse!.Name, x.r.StockItem.Location.Code, x.r.StockItem.Location.Shelf, x.r.Quantity))
            .ToListAsync(cancellationToken);
    }
}
