using Fulfillment.Operations.Model;
using Fulfillment.Operations.Orders;
using Fulfillment.Operations.Tests.Infrastructure;
using Fulfillment.Workflows.EntityFrameworkCore;
using Fulfillment.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fulfillment.Operations.Tests;

/// <summary>Placing an order starts its workflow exactly once; cancelling stops it and frees the stock.</summary>
public sealed class OrderProcessingTests : IAsyncLifetime
{
    // The order workflow under its configured id: reserve, then wait for the warehouse.
    private const string OrderWorkflow = """
        {
          "schemaVersion": 1, "id": "order-to-delivery", "name": "Test order workflow",
          "variables": [ { "name": "orderId" }, { "name": "orderNumber" }, { "name": "customerEmail" } ],
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "reserve", "type": "ReserveStock" },
            { "id": "allocated", "type": "UpdateOrderStatus", "inputs": { "status": "Allocated" } },
            { "id": "packed", "type": "WaitForEvent", "inputs": { "key": { "expr": "'packed:' + orderNumber" } } },
            { "id": "pending", "type": "UpdateOrderStatus", "inputs": { "status": "Pending" } }
          ],
          "connections": [
            { "from": "start", "to": "reserve" },
            { "from": "reserve", "outcome": "Reserved", "to": "allocated" },
            { "from": "reserve", "outcome": "OutOfStock", "to": "pending" },
            { "from": "allocated", "to": "packed" }
          ]
        }
        """;

    private OperationsHost _ops = null!;

    public async Task InitializeAsync()
    {
        _ops = await OperationsHost.CreateAsync();
        await _ops.AddWarehousesAsync();
        await _ops.AddProductAsync("LAMP");
        await _ops.StockAsync("LAMP", "NEAR", "A-01", 10);
    }

    public async Task DisposeAsync() => await _ops.DisposeAsync();

    [Fact]
    public async Task Placing_an_order_stores_it_and_starts_its_workflow_with_the_order_as_input()
    {
        await _ops.PublishAsync(OrderWorkflow);

        var placed = await _ops.Processing.PlaceAsync(OperationsHost.Request("P-1", ("LAMP", 2)), "shop", CancellationToken.None);

        placed.Created.ShouldBeTrue();
        var instance = await _ops.Host.GetDetailsAsync(placed.InstanceId!);
        (instance.WorkflowId, instance.CorrelationId, instance.Status).ShouldBe(("order-to-delivery", "P-1", WorkflowStatus.Suspended));
        instance.Variables["orderId"]!.GetValue<int>().ShouldBe(placed.Id);
        instance.Variables["customerEmail"]!.GetValue<string>().ShouldBe("ada@example.test");
        var order = (await _ops.Orders.GetDetailsAsync(placed.Id, CancellationToken.None))!;
        (order.Status, order.InstanceId).ShouldBe((OrderStatus.Allocated, placed.InstanceId));
        order.Lines.ShouldHaveSingleItem().Allocations.ShouldHaveSingleItem().ShouldBe(new LineAllocationView("NEAR", "A-01", 2, ReservationStatus.Reserved));
    }

    [Fact]
    public async Task The_same_order_placed_again_or_at_once_has_one_order_and_one_instance()
    {
        await _ops.PublishAsync(OrderWorkflow);

        var first = await _ops.Processing.PlaceAsync(OperationsHost.Request("P-2", ("LAMP", 1)), "shop", CancellationToken.None);
        var again = await _ops.Processing.PlaceAsync(OperationsHost.Request("P-2", ("LAMP", 1)), "shop", CancellationToken.None);
        var racing = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() =>
            _ops.Processing.PlaceAsync(OperationsHost.Request("P-3", ("LAMP", 1)), "shop", CancellationToken.None))));

        again.ShouldBe(first with { Created = false });
        racing.Count(p => p.Created).ShouldBe(1);
        racing.Select(p => (p.Id, p.InstanceId)).Distinct().ShouldHaveSingleItem().InstanceId.ShouldNotBeNull();
        var instances = _ops.Host.Services.GetRequiredService<WorkflowInstanceQueries>();
        (await instances.ListAsync(new InstanceFilter(CorrelationId: "P-2"), CancellationToken.None)).Count.ShouldBe(1);
        (await instances.ListAsync(new InstanceFilter(CorrelationId: "P-3"), CancellationToken.None)).Count.ShouldBe(1);
        (await _ops.ReadAsync(db => db.StockItems.SumAsync(s => s.Reserved))).ShouldBe(2);
    }

    [Fact]
    public async Task Without_a_published_order_workflow_nothing_is_stored()
    {
        var refused = await Should.ThrowAsync<OrderWorkflowUnavailableException>(() =>
            _ops.Processing.PlaceAsync(OperationsHost.Request("P-4", ("LAMP", 1)), "shop", CancellationToken.None));

        refused.WorkflowId.ShouldBe("order-to-delivery");
        (await _ops.ReadAsync(db => db.Orders.CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task An_order_whose_start_was_interrupted_is_started_once_later()
    {
        await _ops.PublishAsync(OrderWorkflow);
        var stored = await _ops.PlaceAsync("P-5", ("LAMP", 1));      // stored, then the process stopped
        var linked = await _ops.PlaceAsync("P-6", ("LAMP", 1));
        var orphan = await _ops.Host.StartAsync("order-to-delivery",
            new System.Text.Json.Nodes.JsonObject { ["orderId"] = linked.Id, ["orderNumber"] = "P-6" }, correlationId: "P-6"); // started, not linked

        (await _ops.Processing.StartUnstartedAsync("system", CancellationToken.None)).ShouldBe(2);
        var replay = await _ops.Processing.PlaceAsync(OperationsHost.Request("P-5", ("LAMP", 1)), "shop", CancellationToken.None);

        (await _ops.Orders.FindAsync(linked.Id, CancellationToken.None))!.InstanceId.ShouldBe(orphan.Id);
        replay.InstanceId.ShouldBe((await _ops.Orders.FindAsync(stored.Id, CancellationToken.None))!.InstanceId);
        (await _ops.Host.QueryAsync(db => db.Instances.CountAsync())).ShouldBe(2);
        (await _ops.Processing.StartUnstartedAsync("system", CancellationToken.None)).ShouldBe(0);
    }

    [Fact]
    public async Task Cancelling_stops_the_workflow_frees_the_stock_and_can_be_repeated()
    {
        await _ops.PublishAsync(OrderWorkflow);
        var placed = await _ops.Processing.PlaceAsync(OperationsHost.Request("P-7", ("LAMP", 4)), "shop", CancellationToken.None);

        var cancelled = await _ops.Processing.CancelAsync(placed.Id, "clerk", "Customer changed their mind", CancellationToken.None);
        var again = await _ops.Processing.CancelAsync(placed.Id, "clerk", null, CancellationToken.None);

        cancelled.Status.ShouldBe(OrderStatus.Cancelled);
        again.Status.ShouldBe(OrderStatus.Cancelled);
        (await _ops.Host.GetDetailsAsync(placed.InstanceId!)).Status.ShouldBe(WorkflowStatus.Cancelled);
        (await _ops.ReadAsync(db => db.StockItems.SumAsync(s => s.Reserved))).ShouldBe(0);
        var history = (await _ops.Orders.GetDetailsAsync(placed.Id, CancellationToken.None))!.History;
        history[^1].ShouldBe(new StatusChangeView(OrderStatus.Allocated, OrderStatus.Cancelled, "clerk", _ops.Host.Clock.GetUtcNow(), "Customer changed their mind"));
        history.Count(h => h.To == OrderStatus.Cancelled).ShouldBe(1);
        (await _ops.Host.DeliverAsync("packed:P-7")).Resumed.ShouldBe(0);
    }

    [Fact]
    public async Task A_shipped_order_is_not_cancelled()
    {
        await _ops.PublishAsync(OrderWorkflow);
        var placed = await _ops.Processing.PlaceAsync(OperationsHost.Request("P-8", ("LAMP", 1)), "shop", CancellationToken.None);
        await _ops.Orders.ChangeStatusAsync(placed.Id, OrderStatus.Shipped, "clerk", null, CancellationToken.None);

        await Should.ThrowAsync<OrderStateException>(() => _ops.Processing.CancelAsync(placed.Id, "clerk", null, CancellationToken.None));

        (await _ops.Host.GetDetailsAsync(placed.InstanceId!)).Status.ShouldBe(WorkflowStatus.Suspended);
        (await _ops.ReadAsync(db => db.StockItems.SumAsync(s => s.Reserved))).ShouldBe(1);
    }
}
