namespace Fulfillment.Operations.Model;

/// <summary>A product the shop sells, identified by its SKU.</summary>
public sealed class Product
{
    public required string Sku { get; set; }

    public required string Name { get; set; }

    public ProductCategory Category { get; set; }

    public decimal UnitPrice { get; set; }

    /// <summary>Shipping weight of one unit, in kilograms.</summary>
    public decimal WeightKg { get; set; }

    /// <summary>When more is expected in, if purchasing said so; told to customers of an order that is out of stock.</summary>
    public DateTimeOffset? ExpectedRestockAt { get; set; }
}

/// <summary>A warehouse; stock is taken from the lowest <see cref="DistanceRank"/> first.</summary>
public sealed class Warehouse
{
    public required string Code { get; set; }

    public required string Name { get; set; }

    public required string City { get; set; }

    /// <summary>1 = closest to the dispatch point: allocation takes stock from the closest warehouse that has it.</summary>
    public int DistanceRank { get; set; }
}

/// <summary>A place on a shelf (shelves A, B, C as in the seeds), e.g. "A-01" in warehouse "CHI".</summary>
public sealed class ShelfLocation
{
    public int Id { get; set; }

    public required string WarehouseCode { get; set; }

    /// <summary>The shelf letter, e.g. "A".</summary>
    public required string Shelf { get; set; }

    /// <summary>Shelf and bin, e.g. "A-01"; unique within the warehouse.</summary>
    public required string Code { get; set; }

    public Warehouse? Warehouse { get; set; }
}

/// <summary>
/// One SKU at one shelf location. <see cref="Reserved"/> never exceeds <see cref="OnHand"/>: every
/// change is a conditional UPDATE (see <c>InventoryService</c>) and a CHECK constraint backs it up.
/// </summary>
public sealed class StockItem
{
    public int Id { get; set; }

    public required string Sku { get; set; }

    public int LocationId { get; set; }

    /// <summary>Units physically on the shelf.</summary>
    public int OnHand { get; set; }

    /// <summary>Units promised to orders that have not shipped yet.</summary>
    public int Reserved { get; set; }

    public Product? Product { get; set; }

    public ShelfLocation? Location { get; set; }
}

/// <summary>Units held by one order line at one stock item (a line split across warehouses has several).</summary>
public sealed class StockReservation
{
    public long Id { get; set; }

    public int OrderId { get; set; }

    public int OrderLineId { get; set; }

    public int StockItemId { get; set; }

    public int Quantity { get; set; }

    public ReservationStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When it was released or committed.</summary>
    public DateTimeOffset? ClosedAt { get; set; }

    public StockItem? StockItem { get; set; }
}

/// <summary>
/// Stock that came in (a supplier receipt, returned items). <see cref="IdempotencyKey"/> is unique, so
/// the same restock sent twice (an activity re-run after a crash, a retried request) counts once.
/// </summary>
public sealed class InventoryMovement
{
    public long Id { get; set; }

    public int StockItemId { get; set; }

    public MovementKind Kind { get; set; }

    public int Quantity { get; set; }

    public int? OrderId { get; set; }

    public string? Reason { get; set; }

    public string? IdempotencyKey { get; set; }

    public required string Actor { get; set; }

    public DateTimeOffset At { get; set; }
}
