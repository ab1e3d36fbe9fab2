using System.Text.Json.Nodes;
using Fulfillment.Operations.Inventory;
using Fulfillment.Operations.Model;
using Fulfillment.Operations.Tests.Infrastructure;
using Fulfillment.Workflows.Descriptors;
using Fulfillment.Workflows.EntityFrameworkCore;
using Fulfillment.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fulfillment.Operations.Tests;

/// <summary>Each order and inventory activity in a workflow on the real engine, with virtual time and injected crashes.</summary>
public sealed class ActivityTests : IAsyncLifetime
{
    private OperationsHost _ops = null!;

    public async Task InitializeAsync()
    {
        _ops = await OperationsHost.CreateAsync();
        await _ops.AddWarehousesAsync();
        await _ops.AddProductAsync("LAMP");
        await _ops.AddProductAsync("VASE", restockAt: new DateTimeOffset(2026, 1, 20, 0, 0, 0, TimeSpan.Zero));
        await _ops.StockAsync("LAMP", "NEAR", "A-01", 2);
        await _ops.StockAsync("LAMP", "FAR", "A-02", 3);
    }

    public async Task DisposeAsync() => await _ops.DisposeAsync();

    [Fact]
    public void The_activities_describe_themselves_for_the_palette()
    {
        var registry = _ops.Host.Services.GetRequiredService<ActivityRegistry>();

        var reserve = registry.All.Single(d => d.Type == "ReserveStock");
        reserve.Category.ShouldBe("Inventory");
        reserve.Outcomes.ShouldBe(["Reserved", "OutOfStock"]);
        reserve.Inputs.Select(i => i.Name).ShouldBe(["orderId", "orderNumber"], ignoreOrder: true);
        registry.All.Single(d => d.Type == "CheckPayment").Category.ShouldBe("Orders");
        registry.All.Single(d => d.Type == "CheckAvailability").Outcomes.ShouldBe(["Available", "PartiallyAvailable", "OutOfStock"]);
        registry.All.Single(d => d.Type == "UpdateOrderStatus").Inputs.Single(i => i.Name == "status").Options!
            .ShouldBe(Enum.GetNames<OrderStatus>());
        registry.All.Where(d => d.Category is "Orders" or "Inventory").Select(d => d.Type).ShouldBe(
            ["CheckPayment", "UpdateOrderStatus", "CheckAvailability", "ReserveStock", "AllocateStock", "ReleaseStock", "CommitStock", "Restock"],
            ignoreOrder: true);
    }

    [Theory]
    [InlineData("Paid", "Paid")]
    [InlineData("Pending", "Pending")]
    [InlineData("Failed", "Failed")]
    [InlineData("Refunded", "Failed")]
    public async Task CheckPayment_routes_by_the_payment_status(string paymentStatus, string outcome)
    {
        await _ops.PublishAsync(Probe.For("CheckPayment", ["Paid", "Pending", "Failed"],
            inputs: """{ "orderNumber": { "expr": "orderNumber" } }""", outputs: """{ "paymentStatus": "payment" }"""));
        var order = (await _ops.Orders.PlaceAsync(OperationsHost.Request("PAY-1", ("LAMP", 1)) with { PaymentStatus = paymentStatus }, "shop", CancellationToken.None)).Order;

        var variables = await RunAsync("CheckPayment", order);

        variables["outcome"]!.GetValue<string>().ShouldBe(outcome);
        variables["payment"]!.GetValue<string>().ShouldBe(paymentStatus);
    }

    [Fact]
    public async Task CheckAvailability_reports_what_is_short_and_when_it_comes()
    {
        await _ops.PublishAsync(Probe.For("CheckAvailability", ["Available", "PartiallyAvailable", "OutOfStock"],
            outputs: """{ "shortages": "shortages", "restockDate": "restockDate" }"""));

        var available = await RunAsync("CheckAvailability", await _ops.PlaceAsync("AV-1", ("LAMP", 5)));
        var partly = await RunAsync("CheckAvailability", await _ops.PlaceAsync("AV-2", ("LAMP", 6)));
        var none = await RunAsync("CheckAvailability", await _ops.PlaceAsync("AV-3", ("VASE", 2)));

        available["outcome"]!.GetValue<string>().ShouldBe("Available");
        available["shortages"]!.AsArray().ShouldBeEmpty();
        partly["outcome"]!.GetValue<string>().ShouldBe("PartiallyAvailable");
        partly["shortages"]![0]!["missing"]!.GetValue<int>().ShouldBe(1);
        partly["restockDate"].ShouldBeNull();
        none["outcome"]!.GetValue<string>().ShouldBe("OutOfStock");
        none["shortages"]![0]!["sku"]!.GetValue<string>().ShouldBe("VASE");
        none["restockDate"]!.GetValue<DateTimeOffset>().ShouldBe(new DateTimeOffset(2026, 1, 20, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task ReserveStock_reserves_or_reports_out_of_stock()
    {
        await _ops.PublishAsync(Probe.For("ReserveStock", ["Reserved", "OutOfStock"],
            inputs: """{ "orderId": { "expr": "orderId" } }""", outputs: """{ "allocation": "allocation", "shortages": "shortages" }"""));

        var reserved = await RunAsync("ReserveStock", await _ops.PlaceAsync("RES-1", ("LAMP", 4)));
        var short_ = await RunAsync("ReserveStock", await _ops.PlaceAsync("RES-2", ("LAMP", 2)));

        reserved["outcome"]!.GetValue<string>().ShouldBe("Reserved");
        reserved["allocation"]!.AsArray().Select(a => (a!["warehouse"]!.GetValue<string>(), a["quantity"]!.GetValue<int>()))
            .ShouldBe([("NEAR", 2), ("FAR", 2)]);
        short_["outcome"]!.GetValue<string>().ShouldBe("OutOfStock");
        short_["shortages"]![0]!["available"]!.GetValue<int>().ShouldBe(1);
        (await _ops.ReadAsync(db => db.StockItems.SumAsync(s => s.Reserved))).ShouldBe(4);
    }

    [Fact]
    public async Task ReserveStock_run_again_after_a_lost_commit_reserves_once()
    {
        await _ops.PublishAsync(Probe.For("ReserveStock", ["Reserved", "OutOfStock"], waitFirst: true));
        var order = await _ops.PlaceAsync("CRASH-1", ("LAMP", 3));
        var instance = await _ops.StartAsync(Probe.IdOf("ReserveStock"), order);

        _ops.Commits.FailNext();
        await Should.ThrowAsync<Exception>(() => _ops.Host.DeliverAsync("go:CRASH-1"));
        (await _ops.ReadAsync(db => db.StockItems.SumAsync(s => s.Reserved))).ShouldBe(3);   // the reservation itself committed

        await _ops.Host.RestartAsync();
        (await _ops.Host.DeliverAsync("go:CRASH-1")).Resumed.ShouldBe(1);

        (await _ops.Host.GetDetailsAsync(instance.Id)).Variables["outcome"]!.GetValue<string>().ShouldBe("Reserved");
        (await _ops.ReadAsync(db => db.StockItems.SumAsync(s => s.Reserved))).ShouldBe(3);
        (await _ops.ReadAsync(db => db.Reservations.SumAsync(r => r.Quantity))).ShouldBe(3);
    }

    [Fact]
    public async Task Twenty_order_workflows_at_once_reserve_the_five_units_there_are()
    {
        await _ops.PublishAsync(Probe.For("ReserveStock", ["Reserved", "OutOfStock"]));
        var orders = new List<Order>();
        for (var i = 0; i < 20; i++)
        {
            orders.Add(await _ops.PlaceAsync($"WF-{i}", ("LAMP", 1)));
        }

        var instances = await Task.WhenAll(orders.Select(o => Task.Run(() => _ops.StartAsync(Probe.IdOf("ReserveStock"), o))));

        var outcomes = new List<string>();
        foreach (var instance in instances)
        {
            outcomes.Add((await _ops.Host.GetDetailsAsync(instance.Id)).Variables["outcome"]!.GetValue<string>());
        }

        outcomes.Count(o => o == "Reserved").ShouldBe(5);
        outcomes.Count(o => o == "OutOfStock").ShouldBe(15);
        (await _ops.ReadAsync(db => db.StockItems.SumAsync(s => s.Reserved))).ShouldBe(5);
    }

    [Fact]
    public async Task AllocateStock_outputs_the_pick_list_per_warehouse_and_shelf()
    {
        await _ops.PublishAsync(Probe.For("AllocateStock", ["Allocated", "OutOfStock"],
            outputs: """{ "pickList": "pickList", "warehouses": "warehouses", "isSplit": "isSplit", "summary": "summary" }"""));

        var split = await RunAsync("AllocateStock", await _ops.PlaceAsync("ALLOC-1", ("LAMP", 4)));
        var missing = await RunAsync("AllocateStock", await _ops.PlaceAsync("ALLOC-2", ("VASE", 1)));

        split["outcome"]!.GetValue<string>().ShouldBe("Allocated");
        split["warehouses"]!.AsArray().Select(w => w!.GetValue<string>()).ShouldBe(["NEAR", "FAR"]);
        split["isSplit"]!.GetValue<bool>().ShouldBeTrue();
        split["pickList"]!.AsArray().Select(p => (p!["location"]!.GetValue<string>(), p["shelf"]!.GetValue<string>(), p["quantity"]!.GetValue<int>()))
            .ShouldBe([("A-01", "A", 2), ("A-02", "A", 2)]);
        split["summary"]!.GetValue<string>().ShouldBe("2 × LAMP Product LAMP: NEAR warehouse (NEAR), shelf A, A-01\n2 × LAMP Product LAMP: FAR warehouse (FAR), shelf A, A-02");
        missing["outcome"]!.GetValue<string>().ShouldBe("OutOfStock");
    }

    [Fact]
    public async Task ReleaseStock_frees_what_the_order_holds()
    {
        await _ops.PublishAsync(Probe.For("ReleaseStock", ["Done"], outputs: """{ "released": "released" }"""));
        var order = await _ops.PlaceAsync("FREE-1", ("LAMP", 5));
        await _ops.Inventory.ReserveAsync(order.Id, CancellationToken.None);

        var variables = await RunAsync("ReleaseStock", order);

        variables["released"]!.GetValue<int>().ShouldBe(5);
        (await _ops.ReadAsync(db => db.StockItems.SumAsync(s => s.Reserved))).ShouldBe(0);
    }

    [Fact]
    public async Task CommitStock_takes_the_units_off_the_shelves_or_says_they_were_not_reserved()
    {
        await _ops.PublishAsync(Probe.For("CommitStock", ["Committed", "NotReserved"], outputs: """{ "units": "units" }"""));
        var reserved = await _ops.PlaceAsync("OUT-1", ("LAMP", 3));
        await _ops.Inventory.ReserveAsync(reserved.Id, CancellationToken.None);

        var committed = await RunAsync("CommitStock", reserved);
        var notReserved = await RunAsync("CommitStock", await _ops.PlaceAsync("OUT-2", ("LAMP", 1)));

        committed["outcome"]!.GetValue<string>().ShouldBe("Committed");
        committed["units"]!.GetValue<int>().ShouldBe(3);
        notReserved["outcome"]!.GetValue<string>().ShouldBe("NotReserved");
        (await _ops.ReadAsync(db => db.StockItems.SumAsync(s => s.OnHand))).ShouldBe(2);
        (await _ops.ReadAsync(db => db.StockItems.SumAsync(s => s.Reserved))).ShouldBe(0);
    }

    [Fact]
    public async Task UpdateOrderStatus_moves_the_order_in_the_instance_commit_with_its_history()
    {
        await _ops.PublishAsync(Probe.For("UpdateOrderStatus", ["Done"], inputs: """{ "status": "Verified", "note": "Payment seen" }""", waitFirst: true));
        var order = await _ops.PlaceAsync("ST-1", ("LAMP", 1));
        var instance = await _ops.StartAsync(Probe.IdOf("UpdateOrderStatus"), order);

        _ops.Commits.FailNext();
        await Should.ThrowAsync<Exception>(() => _ops.Host.DeliverAsync("go:ST-1"));
        (await _ops.Orders.FindAsync(order.Id, CancellationToken.None))!.Status.ShouldBe(OrderStatus.Received);   // nothing without the commit

        _ops.Host.Clock.Advance(TimeSpan.FromHours(2));
        await _ops.Host.DeliverAsync("go:ST-1");

        var details = (await _ops.Orders.GetDetailsAsync(order.Id, CancellationToken.None))!;
        details.Status.ShouldBe(OrderStatus.Verified);
        var change = details.History[^1];
        (change.From, change.To, change.Actor, change.Note, change.At).ShouldBe(
            (OrderStatus.Received, OrderStatus.Verified, "tester", "Payment seen", _ops.Host.Clock.GetUtcNow()));
        details.History.Count.ShouldBe(2);
        (await _ops.ReadAsync(db => db.StatusChanges.SingleAsync(c => c.To == OrderStatus.Verified))).InstanceId.ShouldBe(instance.Id);
    }

    [Fact]
    public async Task Two_status_updates_in_one_burst_chain()
    {
        await _ops.PublishAsync("""
            {
              "schemaVersion": 1, "id": "two-steps", "name": "Two steps",
              "variables": [ { "name": "orderId" }, { "name": "orderNumber" } ],
              "activities": [
                { "id": "start", "type": "Start" },
                { "id": "verified", "type": "UpdateOrderStatus", "inputs": { "status": "Verified" } },
                { "id": "allocated", "type": "UpdateOrderStatus", "inputs": { "status": "Allocated" } }
              ],
              "connections": [ { "from": "start", "to": "verified" }, { "from": "verified", "to": "allocated" } ]
            }
            """);
        var order = await _ops.PlaceAsync("ST-2", ("LAMP", 1));

        var instance = await _ops.StartAsync("two-steps", order);

        (await _ops.Host.GetDetailsAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Completed);
        (await _ops.Orders.GetDetailsAsync(order.Id, CancellationToken.None))!.History.Select(h => (h.From, h.To)).ShouldBe(
            [(null, OrderStatus.Received), (OrderStatus.Received, OrderStatus.Verified), (OrderStatus.Verified, OrderStatus.Allocated)]);
    }

    [Fact]
    public async Task UpdateOrderStatus_faults_on_a_move_that_is_never_right()
    {
        await _ops.PublishAsync(Probe.For("UpdateOrderStatus", ["Done"], inputs: """{ "status": "Shipped" }"""));
        var order = await _ops.PlaceAsync("ST-3", ("LAMP", 1));
        await _ops.Orders.ChangeStatusAsync(order.Id, OrderStatus.Cancelled, "clerk", null, CancellationToken.None);

        var instance = await _ops.StartAsync(Probe.IdOf("UpdateOrderStatus"), order);

        var details = await _ops.Host.GetDetailsAsync(instance.Id);
        details.Status.ShouldBe(WorkflowStatus.Faulted);
        details.Incident!.Message.ShouldBe("Order ST-3 is Cancelled and cannot become Shipped: a cancelled order stays cancelled.");
    }

    [Fact]
    public async Task Restock_puts_returned_items_back_once_per_run_even_after_a_lost_commit()
    {
        await _ops.PublishAsync(Probe.For("Restock", ["Done"], inputs: """{ "items": [ { "sku": "LAMP", "quantity": 1 } ] }""",
            outputs: """{ "restocked": "restocked" }""", waitFirst: true));
        var order = await _ops.PlaceAsync("BACK-1", ("LAMP", 2));
        await _ops.Inventory.ReserveAsync(order.Id, CancellationToken.None);
        await _ops.Inventory.CommitAsync(order.Id, CancellationToken.None);
        var instance = await _ops.StartAsync(Probe.IdOf("Restock"), order);

        _ops.Commits.FailNext();
        await Should.ThrowAsync<Exception>(() => _ops.Host.DeliverAsync("go:BACK-1"));
        await _ops.Host.DeliverAsync("go:BACK-1");

        var restocked = (await _ops.Host.GetDetailsAsync(instance.Id)).Variables["restocked"]!.AsArray().ShouldHaveSingleItem()!;
        (restocked["warehouse"]!.GetValue<string>(), restocked["location"]!.GetValue<string>(), restocked["quantity"]!.GetValue<int>())
            .ShouldBe(("NEAR", "A-01", 1));
        (await _ops.StockItemAsync("LAMP", "NEAR", "A-01")).OnHand.ShouldBe(1);
        (await _ops.ReadAsync(db => db.Movements.CountAsync(m => m.Kind == MovementKind.Return))).ShouldBe(1);
    }

    [Fact]
    public async Task An_activity_without_an_order_faults_with_a_readable_message()
    {
        await _ops.PublishAsync(Probe.For("ReserveStock", ["Reserved", "OutOfStock"], inputs: """{ "orderId": 999 }"""));

        var instance = await _ops.Host.StartAsync(Probe.IdOf("ReserveStock"), new JsonObject());

        (await _ops.Host.GetDetailsAsync(instance.Id)).Incident!.Message.ShouldBe("Order 999 was not found.");
    }

    private async Task<JsonObject> RunAsync(string type, Order order)
    {
        var instance = await _ops.StartAsync(Probe.IdOf(type), order);
        var details = await _ops.Host.GetDetailsAsync(instance.Id);
        details.Incident.ShouldBeNull();
        return details.Variables;
    }
}
