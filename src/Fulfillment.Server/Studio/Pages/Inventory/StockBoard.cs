using Fulfillment.Operations.Inventory;
using Fulfillment.Operations.Model;

namespace Fulfillment.Server.Studio.Pages.Inventory;

/// <summary>What the inventory screen shows of the stock rows.</summary>
/// <param name="Search">Part of a SKU or product name (case-insensitive).</param>
/// <param name="LowOnly">Only rows at or below <see cref="StockBoard.LowStockThreshold"/> available units.</param>
public sealed record StockFilter(string? Warehouse = null, ProductCategory? Category = null, string? Search = null, bool LowOnly = false);

/// <summary>One warehouse's stock, shelf by shelf, with its totals.</summary>
public sealed record WarehouseStock(string Code, string Name, int OnHand, int Reserved, int LowRows, IReadOnlyList<ShelfStock> Shelves);

/// <summary>The stock rows of one shelf (A, B, C), by location then SKU.</summary>
public sealed record ShelfStock(string Shelf, IReadOnlyList<StockRow> Rows);

/// <summary>Groups stock rows by warehouse and shelf, and marks low stock.</summary>
public static class StockBoard
{
    /// <summary>A row with this many units available or fewer is low: time to restock before orders wait.</summary>
    public const int LowStockThreshold = 5;

    public static bool IsLow(StockRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.Available <= LowStockThreshold;
    }

    /// <summary>
    /// The rows that pass <paramref name="filter"/>, grouped by warehouse (in the order the rows name them
    /// first, which the inventory service sorts closest first), then by shelf letter.
    /// </summary>
    public static IReadOnlyList<WarehouseStock> Build(IEnumerable<StockRow> rows, StockFilter filter)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(filter);
        var search = filter.Search?.Trim();
        return
        [
            .. rows
                .Where(r => filter.Warehouse is null || r.Warehouse == filter.Warehouse)
                .Where(r => filter.Category is null || r.Category == filter.Category)
                .Where(r => string.IsNullOrEmpty(search)
                    || r.Sku.Contains(search, StringComparison.OrdinalIgnoreCase)
                    || r.Name.Contains(search, StringComparison.OrdinalIgnoreCase))
                .Where(r => !filter.LowOnly || IsLow(r))
                .GroupBy(r => (r.Warehouse, r.WarehouseName))
                .Select(w => new WarehouseStock(
                    w.Key.Warehouse,
                    w.Key.WarehouseName,
                    w.Sum(r => r.OnHand),
                    w.Sum(r => r.Reserved),
                    w.Count(IsLow),
                    [
                        .. w.GroupBy(r => r.Shelf)
                            .OrderBy(s => s.Key, StringComparer.Ordinal)
                            .Select(s => new ShelfStock(s.Key, [.. s.OrderBy(r => r.Location, StringComparer.Ordinal).ThenBy(r => r.Sku, StringComparer.Ordinal)])),
                    ])),
        ];
    }
}
