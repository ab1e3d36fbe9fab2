using Fulfillment.Operations.Model;

namespace Fulfillment.Operations.Inventory;

/// <summary>One SKU at one shelf location (<c>GET /api/inventory</c>).</summary>
public sealed record StockRow(
    string Sku,
    string Name,
    ProductCategory Category,
    string Warehouse,
    string WarehouseName,
    string Location,
    string Shelf,
    int OnHand,
    int Reserved,
    int Available);

public enum AvailabilityStatus
{
    Available,
    PartiallyAvailable,
    OutOfStock,
}

/// <summary>What a line is missing; <see cref="ExpectedRestockAt"/> when purchasing knows.</summary>
public sealed record Shortage(int LineNumber, string Sku, string Name, int Requested, int Available, int Missing, DateTimeOffset? ExpectedRestockAt);

/// <param name="RestockDate">When every missing product is expected back; null if any of them has no date.</param>
public sealed record AvailabilityReport(AvailabilityStatus Status, IReadOnlyList<Shortage> Shortages, DateTimeOffset? RestockDate);

/// <summary>A pick instruction: take <see cref="Quantity"/> of <see cref="Sku"/> from <see cref="Location"/> in <see cref="Warehouse"/>.</summary>
public sealed record PickItem(int LineNumber, string Sku, string Name, string Warehouse, string WarehouseName, string Location, string Shelf, int Quantity);

/// <summary>
/// The result of reserving an order's stock: all lines reserved (<see cref="Allocation"/> says
/// where), or nothing reserved and <see cref="Availability"/> says what is short.
/// </summary>
public sealed record ReservationResult(bool Reserved, IReadOnlyList<PickItem> Allocation, AvailabilityReport Availability);

/// <summary>The result of committing stock on shipment; <see cref="Committed"/> when every line's stock has left the shelves.</summary>
public sealed record CommitResult(bool Committed, int Units);

/// <summary>Stock coming in (<c>POST /api/inventory/restock</c>).</summary>
/// <param name="Warehouse">With <paramref name="Location"/>: the shelf to put it on; otherwise the SKU's place in the closest warehouse that stocks it.</param>
/// <param name="Kind">Receipt (from a supplier, the default) or Return (returned by a customer).</param>
public sealed record RestockRequest(string? Sku, int? Quantity, string? Warehouse = null, string? Location = null, string? Kind = null, string? Reason = null);

/// <param name="Duplicate">True when the idempotency key had been used before: nothing was added this time.</param>
public sealed record RestockResult(string Sku, string Warehouse, string Location, int Quantity, int OnHand, int Reserved, bool Duplicate);

/// <summary>Returned goods of one order line to put back (<see cref="InventoryService.RestockReturnedAsync"/>).</summary>
public sealed record ReturnedItem(string Sku, int Quantity);

/// <summary>
/// Stock records against what orders took: per SKU, what came in (receipts, returns) minus what
/// fulfilled orders shipped should be on hand, and what open orders hold should be reserved.
/// </summary>
public sealed record ReconciliationReport(DateTimeOffset GeneratedAt, IReadOnlyList<ReconciliationLine> Items, int Mismatches);

/// <param name="ExpectedOnHand"><paramref name="Received"/> + <paramref name="Returned"/> − <paramref name="Shipped"/>.</param>
/// <param name="HeldByOrders">Units of active reservations; should equal <paramref name="Reserved"/>.</param>
public sealed record ReconciliationLine(
    string Sku,
    string Name,
    int OnHand,
    int Reserved,
    int Received,
    int Returned,
    int Shipped,
    int ExpectedOnHand,
    int HeldByOrders,
    bool Matches);
