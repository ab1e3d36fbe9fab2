using Fulfillment.Operations.Inventory;
using Fulfillment.Operations.Orders;
using Fulfillment.Workflows.Sdk;

namespace Fulfillment.Operations.Activities;

// Durability of the stock activities: their writes cannot wait for the instance's commit, because
// the outcome depends on them (was the stock there?). So each write is idempotent instead, keyed by
// the order line (reserve, release, commit: the line's and the reservations' states only move
// forward, each by a conditional UPDATE) or by (instance, activity, pass, order line) (restock: the
// movement's unique idempotency key). A step re-run after a crash therefore reserves, releases,
// commits or restocks nothing twice; stock held by a step whose instance is later cancelled is
// freed by the cancel (which releases everything the order holds).

/// <summary>Whether the order's stock is there. Reads only.</summary>
[Activity("Inventory", "Check availability",
    Description = "Leaves by Available, PartiallyAvailable or OutOfStock; lists what is short and, if known, when it is restocked.",
    Outcomes = [Available, PartiallyAvailable, OutOfStock])]
public sealed class CheckAvailability(OrderService orders, InventoryService inventory) : OrderActivity(orders)
{
    public const string Available = nameof(AvailabilityStatus.Available);
    public const string PartiallyAvailable = nameof(AvailabilityStatus.PartiallyAvailable);
    public const string OutOfStock = nameof(AvailabilityStatus.OutOfStock);

    [Output(Description = "Per short line: lineNumber, sku, name, requested, available, missing, expectedRestockAt.")]
    public IReadOnlyList<Shortage> Shortages { get; set; } = [];

    [Output(Description = "When every missing product is expected back; empty if unknown.")]
    public DateTimeOffset? RestockDate { get; set; }

    protected override async ValueTask<string> RunAsync(ActivityContext context)
    {
        var order = await GetOrderAsync(context);
        var report = await inventory.CheckAvailabilityAsync(order.Id, context.CancellationToken);
        Shortages = report.Shortages;
        RestockDate = report.RestockDate;
        return report.Status.ToString();
    }
}

/// <summary>Holds the order's stock: every line, closest warehouse first, or nothing at all.</summary>
[Activity("Inventory", "Reserve stock",
    Description = "Reserves every line of the order (closest warehouse first, split when no warehouse has it all), or none: OutOfStock lists what is short.",
    Outcomes = [Reserved, OutOfStock])]
public sealed class ReserveStock(OrderService orders, InventoryService inventory) : OrderActivity(orders)
{
    public const string Reserved = nameof(Reserved);
    public const string OutOfStock = CheckAvailability.OutOfStock;

    [Output(Description = "Where the units are held: lineNumber, sku, name, warehouse, warehouseName, location, shelf, quantity.")]
    public IReadOnlyList<PickItem> Allocation { get; set; } = [];

    [Output(Description = "When OutOfStock: what is short per line.")]
    public IReadOnlyList<Shortage> Shortages { get; set; } = [];

    [Output(Description = "When OutOfStock: when every missing product is expected back, if known.")]
    public DateTimeOffset? RestockDate { get; set; }

    protected override async ValueTask<string> RunAsync(ActivityContext context)
    {
        var order = await GetOrderAsync(context);
        var result = await inventory.ReserveAsync(order.Id, context.CancellationToken);
        Allocation = result.Allocation;
        Shortages = result.Availability.Shortages;
        RestockDate = result.Availability.RestockDate;
        return result.Reserved ? Reserved : OutOfStock;
    }
}

/// <summary>The pick list of the order: which units to take from which shelf of which warehouse.</summary>
[Activity("Inventory", "Allocate stock",
    Description = "Allocates the order's stock to warehouse shelves (reserving it first if it is not held yet) and outputs the pick list for the pick task.",
    Outcomes = [Allocated, OutOfStock])]
public sealed class AllocateStock(OrderService orders, InventoryService inventory) : OrderActivity(orders)
{
    public const string Allocated = nameof(Allocated);
    public const string OutOfStock = CheckAvailability.OutOfStock;

    [Output(Description = "lineNumber, sku, name, warehouse, warehouseName, location, shelf, quantity; closest warehouse first.")]
    public IReadOnlyList<PickItem> PickList { get; set; } = [];

    [Output(Description = "The warehouses to pick from (more than one when the order is split).")]
    public IReadOnlyList<string> Warehouses { get; set; } = [];

    [Output(Description = "True when the order ships from more than one warehouse.")]
    public bool IsSplit { get; set; }

    [Output(Description = "The pick list as one line of text per pick, e.g. for a task description.")]
    public string? Summary { get; set; }

    [Output(Description = "When OutOfStock: what is short per line.")]
    public IReadOnlyList<Shortage> Shortages { get; set; } = [];

    protected override async ValueTask<string> RunAsync(ActivityContext context)
    {
        var order = await GetOrderAsync(context);
        var result = await inventory.ReserveAsync(order.Id, context.CancellationToken);
        if (!result.Reserved)
        {
            Shortages = result.Availability.Shortages;
            return OutOfStock;
        }

        PickList = result.Allocation;
        Warehouses = [.. PickList.Select(p => p.Warehouse).Distinct()];
        IsSplit = Warehouses.Count > 1;
        Summary = string.Join('\n', PickList.Select(p => $"{p.Quantity} × {p.Sku} {p.Name}: {p.WarehouseName} ({p.Warehouse}), shelf {p.Shelf}, {p.Location}"));
        return Allocated;
    }
}

/// <summary>Frees everything the order holds, e.g. when it is cancelled or cannot be completed.</summary>
[Activity("Inventory", "Release stock", Description = "Lets go of the stock the order holds, so other orders can have it.")]
public sealed class ReleaseStock(OrderService orders, InventoryService inventory) : OrderActivity(orders)
{
    [Output(Description = "How many units were freed.")]
    public int Released { get; set; }

    protected override async ValueTask<string> RunAsync(ActivityContext context)
    {
        var order = await GetOrderAsync(context);
        Released = await inventory.ReleaseAsync(order.Id, context.CancellationToken);
        return ActivityOutcomes.Done;
    }
}

/// <summary>The goods left with the carrier: what the order holds comes off the shelves.</summary>
[Activity("Inventory", "Commit stock",
    Description = "On shipment: the reserved units leave the stock (on hand and reserved both go down). NotReserved if some line holds no stock.",
    Outcomes = [Committed, NotReserved])]
public sealed class CommitStock(OrderService orders, InventoryService inventory) : OrderActivity(orders)
{
    public const string Committed = nameof(Committed);
    public const string NotReserved = nameof(NotReserved);

    [Output(Description = "How many units left the shelves in this step.")]
    public int Units { get; set; }

    protected override async ValueTask<string> RunAsync(ActivityContext context)
    {
        var order = await GetOrderAsync(context);
        var result = await inventory.CommitAsync(order.Id, context.CancellationToken);
        Units = result.Units;
        return result.Committed ? Committed : NotReserved;
    }
}

/// <summary>Returned goods go back on the shelf they were picked from.</summary>
[Activity("Inventory", "Restock returned items",
    Description = "Puts returned units of the order back into stock (where they were picked from), all of the order's units unless items are given.")]
public sealed class Restock(OrderService orders, InventoryService inventory) : OrderActivity(orders)
{
    [Input(Description = "What came back: [{\"sku\": \"EL-1001\", \"quantity\": 1}]. Empty: everything the order shipped.", UIHint = "json")]
    public IReadOnlyList<ReturnedItem>? Items { get; set; }

    [Output(Description = "Per line put back: sku, warehouse, location, quantity, onHand, reserved, duplicate.")]
    public IReadOnlyList<RestockResult> Restocked { get; set; } = [];

    protected override async ValueTask<string> RunAsync(ActivityContext context)
    {
        var order = await GetOrderAsync(context);
        var items = Items is { Count: > 0 } ? Items : null;

        // The key is the same when this step is re-run after a crash, and new on a later pass of a loop.
        Restocked = await inventory.RestockReturnedAsync(order.Id, items, $"restock:{context.IdempotencyKey}", context.Actor, context.CancellationToken);
        return ActivityOutcomes.Done;
    }
}
