using Fulfillment.Operations.Inventory;
using Fulfillment.Operations.Model;
using Fulfillment.Operations.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fulfillment.Operations.Tests;

/// <summary>Reservations, allocation, release, commit, restock and reconciliation on a real SQLite file.</summary>
public sealed class InventoryServiceTests : IAsyncLifetime
{
    private OperationsHost _ops = null!;

    private InventoryService Inventory => _ops.Inventory;

    public async Task InitializeAsync()
    {
        _ops = await OperationsHost.CreateAsync();
        await _ops.AddWarehousesAsync();
        await _ops.AddProductAsync("LAMP");
        await _ops.AddProductAsync("VASE");
    }

    public async Task DisposeAsync() => await _ops.DisposeAsync();

    [Fact]
    public async Task Twenty_concurrent_orders_for_five_units_reserve_exactly_five()
    {
        await _ops.StockAsync("LAMP", "NEAR", "A-01", 2);
        await _ops.StockAsync("LAMP", "FAR", "A-01", 3);
        var orders = new List<Order>();
        for (var i = 0; i < 20; i++)
        {
            orders.Add(await _ops.PlaceAsync($"RUSH-{i}", ("LAMP", 1)));
        }

        // Truly concurrent: each reservation on its own thread and connection, all at once.
        using var start = new ManualResetEventSlim();
        var racing = orders.Select(o => Task.Run(() =>
        {
            start.Wait();
            return Inventory.ReserveAsync(o.Id, CancellationToken.None);
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(racing);

        results.Count(r => r.Reserved).ShouldBe(5);
        results.Where(r => !r.Reserved).ShouldAllBe(r => r.Availability.Status == AvailabilityStatus.OutOfStock);
        var stock = await _ops.ReadAsync(db => db.StockItems.AsNoTracking().Where(s => s.Sku == "LAMP").ToListAsync());
        stock.Sum(s => s.Reserved).ShouldBe(5);
        stock.ShouldAllBe(s => s.Reserved == s.OnHand);
        (await _ops.ReadAsync(db => db.Reservations.SumAsync(r => r.Quantity))).ShouldBe(5);
        (await _ops.ReadAsync(db => db.OrderLines.CountAsync(l => l.StockStatus == LineStockStatus.Reserved))).ShouldBe(5);
    }

    [Fact]
    public async Task Stock_comes_from_the_closest_warehouse_that_has_it()
    {
        await _ops.StockAsync("LAMP", "FAR", "A-01", 10);
        await _ops.StockAsync("LAMP", "MID", "A-02", 10);
        var order = await _ops.PlaceAsync("CLOSE-1", ("LAMP", 4));

        var result = await Inventory.ReserveAsync(order.Id, CancellationToken.None);

        result.Reserved.ShouldBeTrue();
        result.Allocation.ShouldHaveSingleItem().ShouldBe(new PickItem(1, "LAMP", "Product LAMP", "MID", "MID warehouse", "A-02", "A", 4));
        (await _ops.StockItemAsync("LAMP", "MID", "A-02")).Reserved.ShouldBe(4);
        (await _ops.StockItemAsync("LAMP", "FAR", "A-01")).Reserved.ShouldBe(0);
    }

    [Fact]
    public async Task A_line_ships_whole_from_one_warehouse_when_one_can_and_splits_only_when_none_can()
    {
        await _ops.StockAsync("LAMP", "NEAR", "A-01", 1);
        await _ops.StockAsync("LAMP", "MID", "A-01", 3);
        await _ops.StockAsync("LAMP", "FAR", "A-01", 2);
        var whole = await _ops.PlaceAsync("WHOLE-1", ("LAMP", 3));
        var split = await _ops.PlaceAsync("SPLIT-1", ("LAMP", 3));

        var first = await Inventory.ReserveAsync(whole.Id, CancellationToken.None);
        var second = await Inventory.ReserveAsync(split.Id, CancellationToken.None);

        // NEAR has 1 and MID has 3: one parcel from MID beats a split.
        first.Allocation.Select(p => (p.Warehouse, p.Quantity)).ShouldBe([("MID", 3)]);
        // Now no warehouse has 3 left: closest first, across warehouses.
        second.Allocation.Select(p => (p.Warehouse, p.Quantity)).ShouldBe([("NEAR", 1), ("FAR", 2)]);
        (await _ops.ReadAsync(db => db.StockItems.SumAsync(s => s.OnHand - s.Reserved))).ShouldBe(0);
    }

    [Fact]
    public async Task Two_shelves_of_one_warehouse_serve_a_line_together()
    {
        await _ops.StockAsync("LAMP", "NEAR", "A-01", 2);
        await _ops.StockAsync("LAMP", "NEAR", "A-02", 2);
        await _ops.StockAsync("LAMP", "MID", "A-01", 9);
        var order = await _ops.PlaceAsync("SHELVES-1", ("LAMP", 4));

        var result = await Inventory.ReserveAsync(order.Id, CancellationToken.None);

        result.Allocation.Select(p => (p.Warehouse, p.Location, p.Quantity)).ShouldBe([("NEAR", "A-01", 2), ("NEAR", "A-02", 2)]);
    }

    [Fact]
    public async Task Reserving_again_reserves_nothing_twice()
    {
        await _ops.StockAsync("LAMP", "NEAR", "A-01", 10);
        var order = await _ops.PlaceAsync("TWICE-1", ("LAMP", 3));

        var first = await Inventory.ReserveAsync(order.Id, CancellationToken.None);
        var again = await Inventory.ReserveAsync(order.Id, CancellationToken.None);

        again.Reserved.ShouldBeTrue();
        again.Allocation.ShouldBe(first.Allocation);
        (await _ops.StockItemAsync("LAMP", "NEAR", "A-01")).Reserved.ShouldBe(3);
        (await _ops.ReadAsync(db => db.Reservations.CountAsync())).ShouldBe(1);
    }

    [Fact]
    public async Task An_order_short_of_one_line_reserves_nothing_and_says_what_is_missing_and_when()
    {
        var restock = new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);
        await _ops.WriteAsync(db => db.Products.Single(p => p.Sku == "VASE").ExpectedRestockAt = restock);
        await _ops.StockAsync("LAMP", "NEAR", "A-01", 5);
        await _ops.StockAsync("VASE", "NEAR", "A-02", 1);
        var order = await _ops.PlaceAsync("SHORT-1", ("LAMP", 2), ("VASE", 3));

        var check = await Inventory.CheckAvailabilityAsync(order.Id, CancellationToken.None);
        var result = await Inventory.ReserveAsync(order.Id, CancellationToken.None);

        check.Status.ShouldBe(AvailabilityStatus.PartiallyAvailable);
        check.Shortages.ShouldBe([new Shortage(2, "VASE", "Product VASE", 3, 1, 2, restock)]);
        check.RestockDate.ShouldBe(restock);
        result.Reserved.ShouldBeFalse();
        result.Availability.Shortages.ShouldBe(check.Shortages);
        result.Availability.Status.ShouldBe(AvailabilityStatus.PartiallyAvailable);
        (await _ops.ReadAsync(db => db.StockItems.SumAsync(s => s.Reserved))).ShouldBe(0);
        (await _ops.ReadAsync(db => db.Reservations.CountAsync())).ShouldBe(0);
        (await _ops.ReadAsync(db => db.OrderLines.CountAsync(l => l.StockStatus != LineStockStatus.Unreserved))).ShouldBe(0);
    }

    [Fact]
    public async Task Availability_is_out_of_stock_when_nothing_is_there_and_two_lines_of_one_sku_share_it()
    {
        await _ops.StockAsync("LAMP", "NEAR", "A-01", 3);
        var none = await _ops.PlaceAsync("NONE-1", ("VASE", 1));
        var shared = await _ops.PlaceAsync("SHARED-1", ("LAMP", 2), ("LAMP", 2));

        var nothing = await Inventory.CheckAvailabilityAsync(none.Id, CancellationToken.None);
        var partly = await Inventory.CheckAvailabilityAsync(shared.Id, CancellationToken.None);

        nothing.Status.ShouldBe(AvailabilityStatus.OutOfStock);
        nothing.RestockDate.ShouldBeNull();
        partly.Status.ShouldBe(AvailabilityStatus.PartiallyAvailable);
        partly.Shortages.ShouldHaveSingleItem().ShouldBe(new Shortage(2, "LAMP", "Product LAMP", 2, 1, 1, null));
    }

    [Fact]
    public async Task Releasing_frees_the_stock_once_and_the_line_can_be_reserved_again()
    {
        await _ops.StockAsync("LAMP", "NEAR", "A-01", 4);
        var order = await _ops.PlaceAsync("REL-1", ("LAMP", 4));
        await Inventory.ReserveAsync(order.Id, CancellationToken.None);

        (await Inventory.ReleaseAsync(order.Id, CancellationToken.None)).ShouldBe(4);
        (await Inventory.ReleaseAsync(order.Id, CancellationToken.None)).ShouldBe(0);

        var item = await _ops.StockItemAsync("LAMP", "NEAR", "A-01");
        (item.OnHand, item.Reserved).ShouldBe((4, 0));
        var other = await _ops.PlaceAsync("REL-2", ("LAMP", 4));
        (await Inventory.ReserveAsync(other.Id, CancellationToken.None)).Reserved.ShouldBeTrue();
        (await Inventory.ReserveAsync(order.Id, CancellationToken.None)).Reserved.ShouldBeFalse();
    }

    [Fact]
    public async Task Committing_on_shipment_takes_the_units_off_the_shelf_once()
    {
        await _ops.StockAsync("LAMP", "NEAR", "A-01", 1);
        await _ops.StockAsync("LAMP", "MID", "A-01", 5);
        var order = await _ops.PlaceAsync("SHIP-1", ("LAMP", 3));
        var unreserved = await _ops.PlaceAsync("SHIP-2", ("LAMP", 1));
        await Inventory.ReserveAsync(order.Id, CancellationToken.None);

        (await Inventory.CommitAsync(order.Id, CancellationToken.None)).ShouldBe(new CommitResult(true, 3));
        (await Inventory.CommitAsync(order.Id, CancellationToken.None)).ShouldBe(new CommitResult(true, 0));
        (await Inventory.CommitAsync(unreserved.Id, CancellationToken.None)).ShouldBe(new CommitResult(false, 0));

        var mid = await _ops.StockItemAsync("LAMP", "MID", "A-01");
        (mid.OnHand, mid.Reserved).ShouldBe((2, 0));
        (await Inventory.ReleaseAsync(order.Id, CancellationToken.None)).ShouldBe(0);
        (await _ops.StockItemAsync("LAMP", "MID", "A-01")).OnHand.ShouldBe(2);
    }

    [Fact]
    public async Task A_restock_with_an_idempotency_key_counts_once()
    {
        await _ops.StockAsync("LAMP", "NEAR", "A-01", 1);

        var first = await Inventory.RestockAsync(new RestockRequest("LAMP", 5), "buyer", "delivery-77", CancellationToken.None);
        var repeat = await Inventory.RestockAsync(new RestockRequest("LAMP", 5), "buyer", "delivery-77", CancellationToken.None);
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() =>
            Inventory.RestockAsync(new RestockRequest("LAMP", 2), "buyer", "delivery-78", CancellationToken.None))));

        first.ShouldBe(new RestockResult("LAMP", "NEAR", "A-01", 5, 6, 0, Duplicate: false));
        repeat.Duplicate.ShouldBeTrue();
        concurrent.Count(r => !r.Duplicate).ShouldBe(1);
        (await _ops.StockItemAsync("LAMP", "NEAR", "A-01")).OnHand.ShouldBe(8);
    }

    [Fact]
    public async Task A_restock_names_what_is_wrong()
    {
        var noQuantity = await Should.ThrowAsync<OperationsValidationException>(() =>
            Inventory.RestockAsync(new RestockRequest("LAMP", 0, Kind: "gift"), "buyer", null, CancellationToken.None));
        var unknown = await Should.ThrowAsync<OperationsValidationException>(() =>
            Inventory.RestockAsync(new RestockRequest("NOPE", 1), "buyer", null, CancellationToken.None));
        var noShelf = await Should.ThrowAsync<OperationsValidationException>(() =>
            Inventory.RestockAsync(new RestockRequest("LAMP", 1), "buyer", null, CancellationToken.None));
        var badShelf = await Should.ThrowAsync<OperationsValidationException>(() =>
            Inventory.RestockAsync(new RestockRequest("LAMP", 1, "NEAR", "Z-99"), "buyer", null, CancellationToken.None));

        noQuantity.Errors.Select(e => e.Path).ShouldBe(["quantity", "kind"]);
        unknown.Errors.ShouldHaveSingleItem().Path.ShouldBe("sku");
        noShelf.Errors.ShouldHaveSingleItem().Path.ShouldBe("location");
        badShelf.Errors.ShouldHaveSingleItem().Message.ShouldContain("Z-99");
    }

    [Fact]
    public async Task Returned_items_go_back_where_they_were_picked_from_once_per_key()
    {
        await _ops.StockAsync("LAMP", "NEAR", "A-01", 1);
        await _ops.StockAsync("LAMP", "MID", "A-02", 10);
        await _ops.StockAsync("VASE", "NEAR", "A-02", 10);
        var order = await _ops.PlaceAsync("RET-1", ("LAMP", 2), ("VASE", 1));
        await Inventory.ReserveAsync(order.Id, CancellationToken.None);
        await Inventory.CommitAsync(order.Id, CancellationToken.None);

        var restocked = await Inventory.RestockReturnedAsync(order.Id, [new ReturnedItem("LAMP", 2)], "return-1", "clerk", CancellationToken.None);
        var again = await Inventory.RestockReturnedAsync(order.Id, [new ReturnedItem("LAMP", 2)], "return-1", "clerk", CancellationToken.None);

        restocked.ShouldHaveSingleItem().ShouldBe(new RestockResult("LAMP", "MID", "A-02", 2, 10, 0, Duplicate: false));
        again.ShouldHaveSingleItem().Duplicate.ShouldBeTrue();
        (await _ops.StockItemAsync("LAMP", "MID", "A-02")).OnHand.ShouldBe(10);
        (await _ops.StockItemAsync("VASE", "NEAR", "A-02")).OnHand.ShouldBe(9);
        (await _ops.ReadAsync(db => db.Movements.CountAsync(m => m.Kind == MovementKind.Return && m.OrderId == order.Id))).ShouldBe(1);
        (await Should.ThrowAsync<OperationsValidationException>(() =>
            Inventory.RestockReturnedAsync(order.Id, [new ReturnedItem("VASE", 2)], "return-2", "clerk", CancellationToken.None)))
            .Errors.ShouldHaveSingleItem().Path.ShouldBe("items[0]");
    }

    [Fact]
    public async Task Reconciliation_matches_the_books_and_flags_an_order_shipped_without_its_stock()
    {
        await _ops.StockAsync("LAMP", "NEAR", "A-01", 10);
        await _ops.StockAsync("VASE", "NEAR", "A-02", 4);
        var shipped = await _ops.PlaceAsync("REC-1", ("LAMP", 3));
        await Inventory.ReserveAsync(shipped.Id, CancellationToken.None);
        await Inventory.CommitAsync(shipped.Id, CancellationToken.None);
        await _ops.Orders.ChangeStatusAsync(shipped.Id, OrderStatus.Shipped, "clerk", null, CancellationToken.None);
        var held = await _ops.PlaceAsync("REC-2", ("LAMP", 2));
        await Inventory.ReserveAsync(held.Id, CancellationToken.None);
        await Inventory.RestockReturnedAsync(shipped.Id, [new ReturnedItem("LAMP", 1)], "ret", "clerk", CancellationToken.None);

        var books = await Inventory.ReconcileAsync(CancellationToken.None);

        books.Mismatches.ShouldBe(0);
        books.Items.Single(i => i.Sku == "LAMP").ShouldBe(new ReconciliationLine("LAMP", "Product LAMP", 8, 2, 10, 1, 3, 8, 2, Matches: true));

        // Marked shipped, but its stock never left the shelf.
        var forgotten = await _ops.PlaceAsync("REC-3", ("VASE", 1));
        await _ops.Orders.ChangeStatusAsync(forgotten.Id, OrderStatus.Shipped, "clerk", null, CancellationToken.None);
        var after = await Inventory.ReconcileAsync(CancellationToken.None);

        after.Mismatches.ShouldBe(1);
        after.Items.Single(i => i.Sku == "VASE").ShouldBe(new ReconciliationLine("VASE", "Product VASE", 4, 0, 4, 0, 1, 3, 0, Matches: false));
    }

    [Fact]
    public async Task A_cancelled_order_cannot_take_stock()
    {
        await _ops.StockAsync("LAMP", "NEAR", "A-01", 5);
        var order = await _ops.PlaceAsync("CAN-1", ("LAMP", 1));
        await _ops.Orders.ChangeStatusAsync(order.Id, OrderStatus.Cancelled, "clerk", null, CancellationToken.None);

        await Should.ThrowAsync<OrderStateException>(() => Inventory.ReserveAsync(order.Id, CancellationToken.None));
        (await _ops.StockItemAsync("LAMP", "NEAR", "A-01")).Reserved.ShouldBe(0);
    }

    [Fact]
    public async Task The_schema_refuses_to_reserve_more_than_is_on_hand()
    {
        await _ops.StockAsync("LAMP", "NEAR", "A-01", 2);

        var refused = await Should.ThrowAsync<DbUpdateException>(() => _ops.WriteAsync(db => db.StockItems.Single(s => s.Sku == "LAMP").Reserved = 3));

        refused.InnerException!.Message.ShouldContain("CK_StockItems_Quantities");
    }

    [Fact]
    public async Task The_demo_inventory_is_added_once_with_its_opening_stock_booked()
    {
        var demo = new DemoInventory(_ops.Host.Services.GetService<Microsoft.EntityFrameworkCore.IDbContextFactory<Storage.OperationsDbContext>>()!, _ops.Host.Clock);

        (await demo.EnsureAsync(CancellationToken.None)).ShouldBe(12);
        await _ops.WriteAsync(db => db.StockItems.Single(s => s.Sku == "EL-1001" && s.Location!.WarehouseCode == "CHI").Reserved = 5);
        (await demo.EnsureAsync(CancellationToken.None)).ShouldBe(0);

        var stock = await Inventory.ListStockAsync(null, null, CancellationToken.None);
        stock.Select(s => s.Warehouse).Distinct().Order().ShouldBe(["CHI", "DAL", "SEA"]);
        stock.Select(s => s.Category).Distinct().Count().ShouldBe(3);
        stock.Where(s => s.Category == ProductCategory.Clothing).ShouldAllBe(s => s.Shelf == "B");
        stock.Single(s => s.Sku == "EL-1001" && s.Warehouse == "CHI").ShouldBe(new StockRow("EL-1001", "Wireless Headphones", ProductCategory.Electronics, "CHI", "Chicago Central", "A-01", "A", 25, 5, 20));
        (await Inventory.ReconcileAsync(CancellationToken.None)).Items.Where(i => i.Sku.StartsWith("EL-", StringComparison.Ordinal) && i.Sku != "EL-1001").ShouldAllBe(i => i.Matches);
    }
}
