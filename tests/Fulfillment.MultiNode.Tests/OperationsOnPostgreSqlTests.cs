using Fulfillment.HumanTasks;
using Fulfillment.HumanTasks.Storage;
using Fulfillment.MultiNode.Tests.Infrastructure;
using Fulfillment.Operations;
using Fulfillment.Operations.Inventory;
using Fulfillment.Operations.Model;
using Fulfillment.Operations.Orders;
using Fulfillment.Operations.Storage;
using Fulfillment.Workflows.EntityFrameworkCore;
using Fulfillment.Workflows.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fulfillment.MultiNode.Tests;

/// <summary>
/// Orders and stock on PostgreSQL with two nodes writing at once. SQLite runs one writer at a time;
/// PostgreSQL's READ COMMITTED lets two transactions read the same state, so these are the races the
/// unique keys, the unique-violation handling on Npgsql and the conditional UPDATEs must settle.
/// </summary>
public sealed class OperationsOnPostgreSqlTests(PostgreSqlDatabase database) : IClassFixture<PostgreSqlDatabase>
{
    private const int Rounds = 5;
    private const int Callers = 8;
    private const string WorkflowId = "pg-orders";

    private const string OrderWorkflow = """
        {
          "schemaVersion": 1, "id": "pg-orders", "name": "Orders on PostgreSQL",
          "variables": [ { "name": "orderId" }, { "name": "orderNumber" } ],
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "wait", "type": "WaitForEvent", "inputs": { "key": { "expr": "'go:' + orderNumber" } } }
          ],
          "connections": [ { "from": "start", "to": "wait" } ]
        }
        """;

    [PostgreSqlFact]
    public async Task The_same_order_number_placed_on_two_nodes_at_once_stores_one_order()
    {
        await using var cluster = await StartAsync();
        await AddProductAsync(cluster[0], "SKU-PLACE", units: 0);

        for (var round = 0; round < Rounds; round++)
        {
            var number = $"PLACE-{round}";
            var placements = await Task.WhenAll(Enumerable.Range(0, Callers).Select(i => Task.Run(() =>
                Orders(cluster[i % 2]).PlaceAsync(Order(number, "SKU-PLACE", 1), "tester", CancellationToken.None))));

            placements.Count(p => p.Created).ShouldBe(1, $"{number}: one caller stored it");
            placements.Select(p => p.Order.Id).Distinct().ShouldHaveSingleItem($"{number}: everyone got that order");
        }

        await using var db = await Contexts(cluster[1]).CreateDbContextAsync();
        (await db.Orders.CountAsync()).ShouldBe(Rounds);
        (await db.StatusChanges.CountAsync()).ShouldBe(Rounds, "one history entry per stored order");
    }

    [PostgreSqlFact]
    public async Task The_same_order_sent_to_two_nodes_at_once_starts_one_workflow()
    {
        await using var cluster = await StartAsync();
        await AddProductAsync(cluster[0], "SKU-START", units: 0);
        await cluster[0].PublishAsync(OrderWorkflow);

        for (var round = 0; round < Rounds; round++)
        {
            var number = $"START-{round}";
            var placed = await Task.WhenAll(Enumerable.Range(0, Callers).Select(i => Task.Run(() =>
                Processing(cluster[i % 2]).PlaceAsync(Order(number, "SKU-START", 1), "tester", CancellationToken.None))));

            placed.Select(p => p.InstanceId).Distinct().ShouldHaveSingleItem($"{number}: everyone got the same instance");
            var started = await cluster[1].Services.GetRequiredService<WorkflowInstanceQueries>()
                .ListAsync(new InstanceFilter(WorkflowId, CorrelationId: number, Take: 10), CancellationToken.None);
            started.Count.ShouldBe(1, $"{number}: one workflow for the order");
        }
    }

    [PostgreSqlFact]
    public async Task One_restock_sent_to_two_nodes_at_once_adds_its_units_once()
    {
        await using var cluster = await StartAsync();
        await AddProductAsync(cluster[0], "SKU-RESTOCK", units: 0);

        for (var round = 0; round < Rounds; round++)
        {
            var results = await Task.WhenAll(Enumerable.Range(0, Callers).Select(i => Task.Run(() =>
                Inventory(cluster[i % 2]).RestockAsync(new RestockRequest("SKU-RESTOCK", 10, "W1", "A-01"), "tester", $"delivery-{round}", CancellationToken.None))));
            results.Count(r => !r.Duplicate).ShouldBe(1, $"delivery-{round} booked once");
        }

        var stock = (await Inventory(cluster[1]).ListStockAsync("SKU-RESTOCK", null, CancellationToken.None)).ShouldHaveSingleItem();
        stock.OnHand.ShouldBe(10 * Rounds);
    }

    [PostgreSqlFact]
    public async Task Twenty_orders_for_five_units_on_two_nodes_reserve_exactly_five()
    {
        await using var cluster = await StartAsync();
        await AddProductAsync(cluster[0], "SKU-SCARCE", units: 5);
        var orders = new List<int>();
        for (var i = 0; i < 20; i++)
        {
            orders.Add((await Orders(cluster[0]).PlaceAsync(Order($"SCARCE-{i}", "SKU-SCARCE", 1), "tester", CancellationToken.None)).Order.Id);
        }

        var results = await Task.WhenAll(orders.Select((id, i) => Task.Run(() => Inventory(cluster[i % 2]).ReserveAsync(id, CancellationToken.None))));

        results.Count(r => r.Reserved).ShouldBe(5, "five units, five orders");
        var stock = (await Inventory(cluster[1]).ListStockAsync("SKU-SCARCE", null, CancellationToken.None)).ShouldHaveSingleItem();
        stock.OnHand.ShouldBe(5);
        stock.Reserved.ShouldBe(5);
        await using var db = await Contexts(cluster[1]).CreateDbContextAsync();
        (await db.Reservations.SumAsync(r => r.Quantity)).ShouldBe(5, "the reservations add up to what the stock says is reserved");
    }

    private async Task<Cluster> StartAsync()
    {
        var cluster = await Cluster.StartAsync(database.ConnectionString, nodes: 2, services: s =>
        {
            // The inbox table only, which the KPIs read.
            s.AddPooledDbContextFactory<HumanTasksDbContext>((sp, o) =>
                sp.GetRequiredService<FulfillmentDatabase>().Configure(o, HumanTasksDbContext.MigrationsHistoryTable));
            s.AddOperations();
            s.Configure<OperationsOptions>(o => o.OrderWorkflowId = WorkflowId);
        });
        await new HumanTasksDatabase(cluster[0].Database).MigrateAsync(CancellationToken.None);
        await cluster[0].Services.GetRequiredService<OperationsDatabase>().MigrateAsync(CancellationToken.None);
        return cluster;
    }

    /// <summary>A product in warehouse W1 at A-01, with <paramref name="units"/> booked in.</summary>
    private static async Task AddProductAsync(WorkflowTestHost node, string sku, int units)
    {
        await using (var db = await Contexts(node).CreateDbContextAsync())
        {
            if (!await db.Warehouses.AnyAsync(w => w.Code == "W1"))
            {
                db.Warehouses.Add(new Warehouse { Code = "W1", Name = "W1 warehouse", City = "Springfield", DistanceRank = 1 });
                db.Locations.Add(new ShelfLocation { WarehouseCode = "W1", Shelf = "A", Code = "A-01" });
            }

            db.Products.Add(new Product { Sku = sku, Name = $"Product {sku}", Category = ProductCategory.Electronics, UnitPrice = 10m, WeightKg = 1m });
            await db.SaveChangesAsync();
        }

        if (units > 0)
        {
            await Inventory(node).RestockAsync(new RestockRequest(sku, units, "W1", "A-01"), "tester", idempotencyKey: null, CancellationToken.None);
        }
    }

    private static PlaceOrderRequest Order(string number, string sku, int quantity) => new(
        number,
        new CustomerRequest("Customer", "customer@example.test"),
        new AddressRequest("1 Main Street", "Springfield", "US", "62701"),
        [new OrderLineRequest(sku, quantity)],
        "Standard",
        PaymentStatus: "Paid");

    private static OrderProcessing Processing(WorkflowTestHost node) => node.Services.GetRequiredService<OrderProcessing>();

    private static OrderService Orders(WorkflowTestHost node) => node.Services.GetRequiredService<OrderService>();

    private static InventoryService Inventory(WorkflowTestHost node) => node.Services.GetRequiredService<InventoryService>();

    private static IDbContextFactory<OperationsDbContext> Contexts(WorkflowTestHost node) =>
        node.Services.GetRequiredService<IDbContextFactory<OperationsDbContext>>();
}
