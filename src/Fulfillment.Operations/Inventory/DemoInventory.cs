using Fulfillment.Operations.Model;
using Fulfillment.Operations.Storage;
using Microsoft.EntityFrameworkCore;

namespace Fulfillment.Operations.Inventory;

/// <summary>
/// The demo catalog: three warehouses with shelves A (Electronics), B (Clothing) and C (Home Decor),
/// twelve products, and opening stock (booked as receipts, so the reconciliation adds up). Adds only
/// what is missing: running it at every start never resets stock that orders have since changed.
/// </summary>
public sealed class DemoInventory(IDbContextFactory<OperationsDbContext> contexts, TimeProvider clock)
{
    public static IReadOnlyList<Warehouse> Warehouses { get; } =
    [
        new() { Code = "CHI", Name = "Chicago Central", City = "Chicago", DistanceRank = 1 },
        new() { Code = "DAL", Name = "Dallas South", City = "Dallas", DistanceRank = 2 },
        new() { Code = "SEA", Name = "Seattle West", City = "Seattle", DistanceRank = 3 },
    ];

    public static IReadOnlyList<Product> Products { get; } =
    [
        new() { Sku = "EL-1001", Name = "Wireless Headphones", Category = ProductCategory.Electronics, UnitPrice = 79.99m, WeightKg = 0.35m },
        new() { Sku = "EL-1002", Name = "USB-C Charger", Category = ProductCategory.Electronics, UnitPrice = 19.99m, WeightKg = 0.12m },
        new() { Sku = "EL-1003", Name = "Bluetooth Speaker", Category = ProductCategory.Electronics, UnitPrice = 49.99m, WeightKg = 0.60m },
        new() { Sku = "EL-1004", Name = "Streaming Stick 4K", Category = ProductCategory.Electronics, UnitPrice = 39.99m, WeightKg = 0.10m },
        new() { Sku = "CL-2001", Name = "Cotton T-Shirt", Category = ProductCategory.Clothing, UnitPrice = 14.99m, WeightKg = 0.20m },
        new() { Sku = "CL-2002", Name = "Denim Jacket", Category = ProductCategory.Clothing, UnitPrice = 89.00m, WeightKg = 0.90m },
        new() { Sku = "CL-2003", Name = "Running Shoes", Category = ProductCategory.Clothing, UnitPrice = 119.00m, WeightKg = 0.80m },
        new() { Sku = "CL-2004", Name = "Wool Scarf", Category = ProductCategory.Clothing, UnitPrice = 24.50m, WeightKg = 0.15m },
        new() { Sku = "HD-3001", Name = "Ceramic Vase", Category = ProductCategory.HomeDecor, UnitPrice = 34.00m, WeightKg = 1.20m },
        new() { Sku = "HD-3002", Name = "Scented Candle Set", Category = ProductCategory.HomeDecor, UnitPrice = 22.00m, WeightKg = 0.70m },
        new() { Sku = "HD-3003", Name = "Framed Wall Art", Category = ProductCategory.HomeDecor, UnitPrice = 59.00m, WeightKg = 1.50m },
        new() { Sku = "HD-3004", Name = "Table Lamp", Category = ProductCategory.HomeDecor, UnitPrice = 45.00m, WeightKg = 2.10m },
    ];

    /// <summary>The shelf of each category in every demo warehouse, as in the seeds' "Check Shelf A/B/C".</summary>
    public static string ShelfOf(ProductCategory category) => category switch
    {
        ProductCategory.Electronics => "A",
        ProductCategory.Clothing => "B",
        _ => "C",
    };

    /// <summary>
    /// Opening stock per SKU and warehouse. The Bluetooth speaker is thin everywhere (orders of more
    /// than 2 split across warehouses); the wall art is sold out with a restock date.
    /// </summary>
    private static readonly (string Sku, string Warehouse, int OnHand)[] OpeningStock =
    [
        ("EL-1001", "CHI", 25), ("EL-1001", "DAL", 10),
        ("EL-1002", "CHI", 60), ("EL-1002", "SEA", 40),
        ("EL-1003", "CHI", 2), ("EL-1003", "DAL", 3), ("EL-1003", "SEA", 4),
        ("EL-1004", "DAL", 30),
        ("CL-2001", "CHI", 100), ("CL-2001", "DAL", 50),
        ("CL-2002", "CHI", 12),
        ("CL-2003", "DAL", 15), ("CL-2003", "SEA", 8),
        ("CL-2004", "SEA", 40),
        ("HD-3001", "CHI", 18),
        ("HD-3002", "CHI", 35), ("HD-3002", "DAL", 20),
        ("HD-3003", "CHI", 0),
        ("HD-3004", "SEA", 9),
    ];

    /// <returns>How many products were added (0 when the demo catalog was already there).</returns>
    public async Task<int> EnsureAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();

        var warehouses = await db.Warehouses.Select(w => w.Code).ToListAsync(cancellationToken);
        db.Warehouses.AddRange(Warehouses.Where(w => !warehouses.Contains(w.Code))
            .Select(w => new Warehouse { Code = w.Code, Name = w.Name, City = w.City, DistanceRank = w.DistanceRank }));

        var locations = await db.Locations.Select(l => new { l.WarehouseCode, l.Code }).ToListAsync(cancellationToken);
        foreach (var (warehouse, code) in DemoLocations().Where(l => !locations.Any(x => x.WarehouseCode == l.Warehouse && x.Code == l.Code)))
        {
            db.Locations.Add(new ShelfLocation { WarehouseCode = warehouse, Shelf = code[..1], Code = code });
        }

        var products = await db.Products.Select(p => p.Sku).ToListAsync(cancellationToken);
        var added = Products.Where(p => !products.Contains(p.Sku)).ToList();
        db.Products.AddRange(added.Select(p => new Product
        {
            Sku = p.Sku,
            Name = p.Name,
            Category = p.Category,
            UnitPrice = p.UnitPrice,
            WeightKg = p.WeightKg,
            ExpectedRestockAt = p.Sku == "HD-3003" ? now.AddDays(14) : null,
        }));
        await db.SaveChangesAsync(cancellationToken);

        foreach (var (sku, warehouse, onHand) in OpeningStock.Where(s => added.Any(p => p.Sku == s.Sku)))
        {
            var code = LocationOf(sku);
            var location = await db.Locations.SingleAsync(l => l.WarehouseCode == warehouse && l.Code == code, cancellationToken);
            var item = new StockItem { Sku = sku, LocationId = location.Id, OnHand = onHand };
            db.StockItems.Add(item);
            await db.SaveChangesAsync(cancellationToken);
            if (onHand > 0)
            {
                db.Movements.Add(new InventoryMovement
                {
                    StockItemId = item.Id,
                    Kind = MovementKind.Receipt,
                    Quantity = onHand,
                    Reason = "Opening stock (demo data)",
                    IdempotencyKey = $"demo-opening:{sku}:{warehouse}",
                    Actor = "system",
                    At = now,
                });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return added.Count;
    }

    /// <summary>Each product has its own bin on its category's shelf: A-01 … A-04, B-01 … B-04, C-01 … C-04.</summary>
    private static string LocationOf(string sku)
    {
        var product = Products.Single(p => p.Sku == sku);
        var index = Products.Where(p => p.Category == product.Category).ToList().IndexOf(product) + 1;
        return $"{ShelfOf(product.Category)}-{index:00}";
    }

    private static IEnumerable<(string Warehouse, string Code)> DemoLocations() =>
        from warehouse in Warehouses
        from product in Products
        select (warehouse.Code, LocationOf(product.Sku));
}
