using System.Text.Json.Nodes;
using Fulfillment.HumanTasks;
using Fulfillment.HumanTasks.Storage;
using Fulfillment.Operations.Inventory;
using Fulfillment.Operations.Kpis;
using Fulfillment.Operations.Model;
using Fulfillment.Operations.Orders;
using Fulfillment.Operations.Storage;
using Fulfillment.Workflows.EntityFrameworkCore;
using Fulfillment.Workflows.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fulfillment.Operations.Tests.Infrastructure;

/// <summary>
/// The operations module on the real engine (<see cref="WorkflowTestHost"/>: a real SQLite file, a
/// virtual clock starting Monday 5 January 2026, 09:00 UTC) with the operations and inbox tables
/// migrated, the order and inventory activities registered, and helpers to stock shelves and place orders.
/// </summary>
public sealed class OperationsHost : IAsyncDisposable
{
    private OperationsHost(WorkflowTestHost host, FailingCommits commits)
    {
        Host = host;
        Commits = commits;
    }

    public WorkflowTestHost Host { get; }

    /// <summary>Makes the engine's next commit fail, as if the process died just before it.</summary>
    public FailingCommits Commits { get; }

    public OrderService Orders => Host.Services.GetRequiredService<OrderService>();

    public InventoryService Inventory => Host.Services.GetRequiredService<InventoryService>();

    public OrderProcessing Processing => Host.Services.GetRequiredService<OrderProcessing>();

    public KpiService Kpis => Host.Services.GetRequiredService<KpiService>();

    public static async Task<OperationsHost> CreateAsync(Action<IServiceCollection>? configureServices = null)
    {
        var commits = new FailingCommits();
        var host = await WorkflowTestHost.CreateAsync(o =>
        {
            o.ConfigureEngine = engine => engine.AddOperationsActivities();
            o.ConfigureDatabase = db => db.AddInterceptors(commits);
            o.ConfigureServices = services =>
            {
                services.AddOperations();
                services.AddPooledDbContextFactory<HumanTasksDbContext>((sp, db) =>
                    sp.GetRequiredService<FulfillmentDatabase>().Configure(db, HumanTasksDbContext.MigrationsHistoryTable));
                configureServices?.Invoke(services);
            };
        });
        await host.Services.GetRequiredService<OperationsDatabase>().MigrateAsync(CancellationToken.None);
        await new HumanTasksDatabase(host.Database).MigrateAsync(CancellationToken.None);
        return new OperationsHost(host, commits);
    }

    /// <summary>A warehouse with a distance rank (1 = closest).</summary>
    public Task AddWarehouseAsync(string code, int distanceRank) => WriteAsync(db =>
        db.Warehouses.Add(new Warehouse { Code = code, Name = $"{code} warehouse", City = code, DistanceRank = distanceRank }));

    /// <summary>A product (Electronics, 10.00 unless said otherwise).</summary>
    public Task AddProductAsync(string sku, decimal price = 10m, ProductCategory category = ProductCategory.Electronics, DateTimeOffset? restockAt = null) =>
        WriteAsync(db => db.Products.Add(new Product { Sku = sku, Name = $"Product {sku}", Category = category, UnitPrice = price, WeightKg = 1m, ExpectedRestockAt = restockAt }));

    /// <summary>Puts units of a SKU on a shelf location (created if new), booked as a receipt like real stock.</summary>
    public async Task StockAsync(string sku, string warehouse, string location, int onHand)
    {
        var result = await Inventory.RestockAsync(new RestockRequest(sku, onHand, warehouse, location), "tester", idempotencyKey: null, CancellationToken.None);
        result.Quantity.ShouldBe(onHand);
    }

    public Task AddLocationAsync(string warehouse, string code) =>
        WriteAsync(db => db.Locations.Add(new ShelfLocation { WarehouseCode = warehouse, Shelf = code[..1], Code = code }));

    /// <summary>A simple catalog: warehouses NEAR (1), MID (2) and FAR (3), each with locations .</summary>
    public async Task AddWarehousesAsync()
    {
        await AddWarehouseAsync("NEAR", 1);
        await AddWarehouseAsync("MID", 2);
        await AddWarehouseAsync("FAR", 3);
        foreach (var warehouse in new[] { "NEAR", "MID", "FAR" })
        {
            await AddLocationAsync(warehouse, "A-01");
            await AddLocationAsync(warehouse, "A-02");
        }
    }

    /// <summary>Places an order with the given lines (sku, quantity).</summary>
    public async Task<Order> PlaceAsync(string orderNumber, params (string Sku, int Quantity)[] lines) =>
        (await Orders.PlaceAsync(Request(orderNumber, lines), "tester", CancellationToken.None)).Order;

    public static PlaceOrderRequest Request(string orderNumber, params (string Sku, int Quantity)[] lines) => new(
        orderNumber,
        new CustomerRequest("Ada Lovelace", "ada@example.test"),
        new AddressRequest("1 Analytical St", "London", "GB", "N1 1AA"),
        [.. lines.Select(l => new OrderLineRequest(l.Sku, l.Quantity))],
        "standard");

    public async Task<StockItem> StockItemAsync(string sku, string warehouse, string location) =>
        await ReadAsync(db => db.StockItems.AsNoTracking().SingleAsync(s => s.Sku == sku && s.Location!.WarehouseCode == warehouse && s.Location.Code == location));

    public async Task<T> ReadAsync<T>(Func<OperationsDbContext, Task<T>> query)
    {
        await using var db = await Host.Services.GetRequiredService<IDbContextFactory<OperationsDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    public async Task WriteAsync(Action<OperationsDbContext> change)
    {
        await using var db = await Host.Services.GetRequiredService<IDbContextFactory<OperationsDbContext>>().CreateDbContextAsync();
        change(db);
        await db.SaveChangesAsync();
    }

    public Task<Workflows.Definitions.StoredDefinition> PublishAsync(string json) => Host.PublishAsync(json);

    public Task<Workflows.Runtime.WorkflowInstance> StartAsync(string workflowId, Order order) =>
        Host.StartAsync(workflowId, new JsonObject { ["orderId"] = order.Id, ["orderNumber"] = order.OrderNumber });

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
