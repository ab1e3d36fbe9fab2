using Fulfillment.Operations.Model;
using Fulfillment.Operations.Orders;
using Fulfillment.Operations.Storage;
using Fulfillment.Workflows.Definitions;
using Fulfillment.Workflows.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Fulfillment.Operations.Inventory;

/// <summary>
/// Stock: what is where, holding it for orders, letting it go, taking it off the shelves on shipment,
/// putting returns back, and checking the books.
/// </summary>
/// <remarks>
/// <para><b>Never oversold.</b> Every change to <see cref="StockItem.Reserved"/> is one conditional
/// UPDATE, <c>SET Reserved = Reserved + q WHERE Id = @id AND OnHand - Reserved &gt;= q</c>: the check
/// and the write are one statement, so two orders can never both take the last unit, whatever
/// they read before. A CHECK constraint (<c>Reserved &lt;= OnHand</c>) backs it up in the schema.</para>
/// <para><b>Idempotent.</b> Reserving first claims the order line (<c>Unreserved/Released → Reserved</c>,
/// conditional too), so a second reservation of the same line (an activity re-run after a crash, two
/// racing calls) finds it claimed and reserves nothing. Release and commit move each reservation row
/// out of <c>Reserved</c> conditionally before touching the stock, so they count once as well; a
/// restock carries an idempotency key stored under a unique index with the movement.</para>
/// <para>Each operation is one transaction (SQLite begins it IMMEDIATE, so writers queue up instead of
/// failing), which makes an order's reservation all-or-nothing.</para>
/// </remarks>
public sealed class InventoryService(IDbContextFactory<OperationsDbContext> contexts, TimeProvider clock)
{
    /// <summary>Every stock item, by SKU, then warehouse distance and location.</summary>
    public async Task<IReadOnlyList<StockRow>> ListStockAsync(string? sku, string? warehouse, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var items = db.StockItems.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(sku))
        {
            items = items.Where(s => s.Sku == sku.Trim());
        }

        if (!string.IsNullOrWhiteSpace(warehouse))
        {
            items = items.Where(s => s.Location!.WarehouseCode == warehouse.Trim());
        }

        return await items
            .OrderBy(s => s.Sku).ThenBy(s => s.Location!.Warehouse!.DistanceRank).ThenBy(s => s.Location!.Code)
            .Select(s => new StockRow(s.Sku, s.Product!.Name, s.Product.Category, s.Location!.WarehouseCode, s.Location.Warehouse!.Name,
                s.Location.Code, s.Location.Shelf, s.OnHand, s.Reserved, s.OnHand - s.Reserved))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Whether the order's lines that hold no stock yet could be reserved now, and what is short.</summary>
    public async Task<AvailabilityReport> CheckAvailabilityAsync(int orderId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var order = await LoadOrderAsync(db, orderId, cancellationToken);
        return await AssessAsync(db, order, cancellationToken);
    }

    /// <summary>
    /// Reserves stock for every line of the order that holds none, closest warehouse first (see
    /// <see cref="Plan"/>), all or nothing. Lines reserved earlier stay as they are, so calling it again
    /// reserves nothing twice.
    /// </summary>
    /// <exception cref="OrderStateException">The order is cancelled or has shipped.</exception>
    public async Task<ReservationResult> ReserveAsync(int orderId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Read inside the transaction: a cancel that committed first is seen here, one that comes
        // later releases what this reserves.
        var order = await LoadOrderAsync(db, orderId, cancellationToken);
        if (order.Status == OrderStatus.Cancelled || OrderStatusRules.HasShipped(order.Status))
        {
            throw new OrderStateException($"Order {order.OrderNumber} is {order.Status}; its stock cannot be reserved.");
        }

        var now = clock.GetUtcNow();
        var complete = true;
        foreach (var line in order.Lines.Where(l => l.StockStatus is LineStockStatus.Unreserved or LineStockStatus.Released).OrderBy(l => l.LineNumber))
        {
            var claimed = await db.OrderLines
                .Where(l => l.Id == line.Id && (l.StockStatus == LineStockStatus.Unreserved || l.StockStatus == LineStockStatus.Released))
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.StockStatus, LineStockStatus.Reserved), cancellationToken);
            if (claimed == 0)
            {
                continue; // reserved meanwhile by someone else: theirs stands
            }

            if (!await ReserveLineAsync(db, order.Id, line, now, cancellationToken))
            {
                complete = false;
                break;
            }
        }

        if (!complete)
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return new ReservationResult(false, [], await AssessAsync(db, await LoadOrderAsync(db, orderId, cancellationToken), cancellationToken));
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ReservationResult(true, await PickListAsync(db, orderId, cancellationToken), new AvailabilityReport(AvailabilityStatus.Available, [], null));
    }

    /// <summary>Where the order's held stock is, as pick instructions (closest warehouse first).</summary>
    public async Task<IReadOnlyList<PickItem>> GetPickListAsync(int orderId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await PickListAsync(db, orderId, cancellationToken);
    }

    /// <summary>Lets go of everything the order holds (on cancel); returns how many units were freed. Safe to repeat.</summary>
    public async Task<int> ReleaseAsync(int orderId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var units = 0;
        foreach (var reservation in await HeldAsync(db, orderId, cancellationToken))
        {
            if (await CloseAsync(db, reservation.Id, ReservationStatus.Released, now, cancellationToken))
            {
                await db.StockItems.Where(s => s.Id == reservation.StockItemId)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.Reserved, x => x.Reserved - reservation.Quantity), cancellationToken);
                units += reservation.Quantity;
            }
        }

        await db.OrderLines.Where(l => l.OrderId == orderId && l.StockStatus == LineStockStatus.Reserved)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.StockStatus, LineStockStatus.Released), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return units;
    }

    /// <summary>
    /// The goods left with the carrier: what the order holds comes off the shelves (on hand and reserved
    /// both go down). Safe to repeat. <see cref="CommitResult.Committed"/> is false if some line holds no stock.
    /// </summary>
    public async Task<CommitResult> CommitAsync(int orderId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var units = 0;
        foreach (var reservation in await HeldAsync(db, orderId, cancellationToken))
        {
            if (await CloseAsync(db, reservation.Id, ReservationStatus.Committed, now, cancellationToken))
            {
                await db.StockItems.Where(s => s.Id == reservation.StockItemId)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(x => x.OnHand, x => x.OnHand - reservation.Quantity)
                        .SetProperty(x => x.Reserved, x => x.Reserved - reservation.Quantity), cancellationToken);
                units += reservation.Quantity;
            }
        }

        await db.OrderLines.Where(l => l.OrderId == orderId && l.StockStatus == LineStockStatus.Reserved)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.StockStatus, LineStockStatus.Committed), cancellationToken);
        var allCommitted = !await db.OrderLines.AnyAsync(l => l.OrderId == orderId && l.StockStatus != LineStockStatus.Committed, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new CommitResult(allCommitted, units);
    }

    /// <summary>
    /// Adds stock. With an <paramref name="idempotencyKey"/>, the same restock sent again adds nothing
    /// and answers with <see cref="RestockResult.Duplicate"/> set.
    /// </summary>
    /// <exception cref="OperationsValidationException">Unknown SKU or location, or a quantity below 1.</exception>
    public Task<RestockResult> RestockAsync(RestockRequest request, string actor, string? idempotencyKey, CancellationToken cancellationToken) =>
        RestockAsync(request, actor, idempotencyKey, orderId: null, cancellationToken);

    private async Task<RestockResult> RestockAsync(RestockRequest request, string actor, string? idempotencyKey, int? orderId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<ValidationError>();
        var kind = MovementKind.Receipt;
        if (request.Quantity is not > 0)
        {
            errors.Add(new ValidationError("quantity", "The quantity must be at least 1."));
        }

        if (request.Kind is not null && !Names.TryParse(request.Kind, null, out kind))
        {
            errors.Add(new ValidationError("kind", $"'{request.Kind}' is not one of {string.Join(", ", Enum.GetNames<MovementKind>())}."));
        }

        if (string.IsNullOrWhiteSpace(request.Sku))
        {
            errors.Add(new ValidationError("sku", "The SKU is required."));
        }

        if (errors.Count > 0)
        {
            throw new OperationsValidationException(errors);
        }

        // A unique key lost to a concurrent writer (the same idempotency key, or the first stock row of the
        // SKU at that location, on a database that runs writers side by side): the winner's row is
        // committed by then, so a second attempt finds it and books onto it, or answers as a duplicate.
        try
        {
            return await TryRestockAsync(request, kind, actor, idempotencyKey, orderId, cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            return await TryRestockAsync(request, kind, actor, idempotencyKey, orderId, cancellationToken);
        }
    }

    private async Task<RestockResult> TryRestockAsync(
        RestockRequest request, MovementKind kind, string actor, string? idempotencyKey, int? orderId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (idempotencyKey is not null && await FindRestockAsync(db, idempotencyKey, cancellationToken) is { } earlier)
        {
            return earlier;
        }

        var stockItemId = await ResolveStockItemAsync(db, request.Sku!.Trim(), request.Warehouse, request.Location, cancellationToken);
        db.Movements.Add(new InventoryMovement
        {
            StockItemId = stockItemId,
            Kind = kind,
            Quantity = request.Quantity!.Value,
            OrderId = orderId,
            Reason = request.Reason,
            IdempotencyKey = idempotencyKey,
            Actor = actor,
            At = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
        await db.StockItems.Where(s => s.Id == stockItemId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.OnHand, x => x.OnHand + request.Quantity.Value), cancellationToken);
        var result = await DescribeRestockAsync(db, stockItemId, request.Quantity.Value, duplicate: false, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>
    /// Puts an order's returned goods back where they were picked from (or the SKU's usual place), one
    /// movement per order line keyed <c>{keyPrefix}/line-{n}</c>, so repeating it with the same prefix
    /// adds nothing. Without <paramref name="items"/>, every shipped unit of the order comes back.
    /// </summary>
    public async Task<IReadOnlyList<RestockResult>> RestockReturnedAsync(
        int orderId, IReadOnlyList<ReturnedItem>? items, string keyPrefix, string actor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyPrefix);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var order = await LoadOrderAsync(db, orderId, cancellationToken);
        var perLine = AssignToLines(order, items);
        var results = new List<RestockResult>();
        foreach (var (line, quantity) in perLine)
        {
            // Back to the shelf it came from, when we know it.
            var pickedFrom = await db.Reservations.AsNoTracking()
                .Where(r => r.OrderLineId == line.Id && r.Status == ReservationStatus.Committed)
                .OrderBy(r => r.Id)
                .Select(r => new { r.StockItem!.Location!.WarehouseCode, r.StockItem.Location.Code })
                .FirstOrDefaultAsync(cancellationToken);
            var request = new RestockRequest(line.Sku, quantity, pickedFrom?.WarehouseCode, pickedFrom?.Code, nameof(MovementKind.Return),
                $"Returned from order {order.OrderNumber}, line {line.LineNumber}");
            results.Add(await RestockAsync(request, actor, $"{keyPrefix}/line-{line.LineNumber}", orderId, cancellationToken));
        }

        return results;
    }

    /// <summary>Compares the stock records with what came in and what fulfilled orders took out; see <see cref="ReconciliationReport"/>.</summary>
    public async Task<ReconciliationReport> ReconcileAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var stock = await db.StockItems.AsNoTracking().GroupBy(s => s.Sku)
            .Select(g => new { Sku = g.Key, OnHand = g.Sum(s => s.OnHand), Reserved = g.Sum(s => s.Reserved) })
            .ToDictionaryAsync(x => x.Sku, cancellationToken);
        var movements = await db.Movements.AsNoTracking()
            .Join(db.StockItems, m => m.StockItemId, s => s.Id, (m, s) => new { s.Sku, m.Kind, m.Quantity })
            .GroupBy(x => new { x.Sku, x.Kind })
            .Select(g => new { g.Key.Sku, g.Key.Kind, Quantity = g.Sum(x => x.Quantity) })
            .ToListAsync(cancellationToken);
        var fulfilled = new[] { OrderStatus.Shipped, OrderStatus.InTransit, OrderStatus.Delivered, OrderStatus.Completed, OrderStatus.Returned };
        var shipped = await db.OrderLines.AsNoTracking()
            .Join(db.Orders, l => l.OrderId, o => o.Id, (l, o) => new { l.Sku, l.Quantity, o.Status })
            .Where(x => fulfilled.Contains(x.Status))
            .GroupBy(x => x.Sku)
            .Select(g => new { Sku = g.Key, Quantity = g.Sum(x => x.Quantity) })
            .ToDictionaryAsync(x => x.Sku, x => x.Quantity, cancellationToken);
        var held = await db.Reservations.AsNoTracking().Where(r => r.Status == ReservationStatus.Reserved)
            .GroupBy(r => r.StockItem!.Sku)
            .Select(g => new { Sku = g.Key, Quantity = g.Sum(r => r.Quantity) })
            .ToDictionaryAsync(x => x.Sku, x => x.Quantity, cancellationToken);
        var products = await db.Products.AsNoTracking().OrderBy(p => p.Sku).Select(p => new { p.Sku, p.Name }).ToListAsync(cancellationToken);

        var lines = new List<ReconciliationLine>();
        foreach (var product in products)
        {
            var onHand = stock.GetValueOrDefault(product.Sku)?.OnHand ?? 0;
            var reserved = stock.GetValueOrDefault(product.Sku)?.Reserved ?? 0;
            var received = movements.Where(m => m.Sku == product.Sku && m.Kind == MovementKind.Receipt).Sum(m => m.Quantity);
            var returned = movements.Where(m => m.Sku == product.Sku && m.Kind == MovementKind.Return).Sum(m => m.Quantity);
            var shippedUnits = shipped.GetValueOrDefault(product.Sku);
            var expected = received + returned - shippedUnits;
            var holding = held.GetValueOrDefault(product.Sku);
            lines.Add(new ReconciliationLine(product.Sku, product.Name, onHand, reserved, received, returned, shippedUnits, expected, holding,
                Matches: onHand == expected && reserved == holding));
        }

        return new ReconciliationReport(clock.GetUtcNow(), lines, lines.Count(l => !l.Matches));
    }

    // Reserves one claimed line inside the caller's transaction; false if there is not enough stock.
    private static async Task<bool> ReserveLineAsync(OperationsDbContext db, int orderId, OrderLine line, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var remaining = line.Quantity;

        // Normally one round. A conditional UPDATE only misses when another writer took the units
        // between our read and our write (possible on databases that do not queue writers), and then
        // we look again at what is left.
        for (var round = 0; remaining > 0 && round < 10; round++)
        {
            var candidates = await db.StockItems.AsNoTracking()
                .Where(s => s.Sku == line.Sku && s.OnHand - s.Reserved > 0)
                .OrderBy(s => s.Location!.Warehouse!.DistanceRank).ThenBy(s => s.Location!.WarehouseCode).ThenBy(s => s.Location!.Code)
                .Select(s => new StockCandidate(s.Id, s.Location!.WarehouseCode, s.OnHand - s.Reserved))
                .ToListAsync(cancellationToken);
            if (candidates.Sum(c => c.Free) < remaining)
            {
                return false;
            }

            foreach (var (stockItemId, take) in Plan(candidates, remaining))
            {
                var taken = await db.StockItems
                    .Where(s => s.Id == stockItemId && s.OnHand - s.Reserved >= take)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.Reserved, x => x.Reserved + take), cancellationToken);
                if (taken == 1)
                {
                    db.Reservations.Add(new StockReservation
                    {
                        OrderId = orderId,
                        OrderLineId = line.Id,
                        StockItemId = stockItemId,
                        Quantity = take,
                        Status = ReservationStatus.Reserved,
                        CreatedAt = now,
                    });
                    remaining -= take;
                }
            }
        }

        return remaining == 0;
    }

    /// <summary>
    /// Where to take <paramref name="quantity"/> units from, given the candidates closest warehouse
    /// first: the closest warehouse that has them all (one parcel); if none has, closest first, split
    /// across warehouses.
    /// </summary>
    internal static IEnumerable<(int StockItemId, int Quantity)> Plan(IReadOnlyList<StockCandidate> candidates, int quantity)
    {
        var whole = candidates.GroupBy(c => c.Warehouse).FirstOrDefault(w => w.Sum(c => c.Free) >= quantity);
        var source = whole is null ? candidates : [.. whole];
        var remaining = quantity;
        foreach (var candidate in source)
        {
            if (remaining == 0)
            {
                yield break;
            }

            var take = Math.Min(remaining, candidate.Free);
            remaining -= take;
            yield return (candidate.Id, take);
        }
    }

    internal sealed record StockCandidate(int Id, string Warehouse, int Free);

    private static async Task<AvailabilityReport> AssessAsync(OperationsDbContext db, Order order, CancellationToken cancellationToken)
    {
        var open = order.Lines.Where(l => l.StockStatus is LineStockStatus.Unreserved or LineStockStatus.Released).OrderBy(l => l.LineNumber).ToList();
        var skus = open.Select(l => l.Sku).Distinct().ToList();
        var free = await db.StockItems.AsNoTracking().Where(s => skus.Contains(s.Sku)).GroupBy(s => s.Sku)
            .Select(g => new { Sku = g.Key, Free = g.Sum(s => s.OnHand - s.Reserved) })
            .ToDictionaryAsync(x => x.Sku, x => x.Free, cancellationToken);
        var products = await db.Products.AsNoTracking().Where(p => skus.Contains(p.Sku)).ToDictionaryAsync(p => p.Sku, cancellationToken);

        var shortages = new List<Shortage>();
        var anyAvailable = false;
        foreach (var line in open)
        {
            // Two lines of one SKU share its stock: the first takes what it needs.
            var available = Math.Min(line.Quantity, free.GetValueOrDefault(line.Sku));
            free[line.Sku] = free.GetValueOrDefault(line.Sku) - available;
            anyAvailable |= available > 0;
            if (available < line.Quantity)
            {
                var product = products[line.Sku];
                shortages.Add(new Shortage(line.LineNumber, line.Sku, product.Name, line.Quantity, available, line.Quantity - available, product.ExpectedRestockAt));
            }
        }

        var status = shortages.Count == 0 ? AvailabilityStatus.Available
            : anyAvailable ? AvailabilityStatus.PartiallyAvailable
            : AvailabilityStatus.OutOfStock;
        var restockDate = shortages.Count > 0 && shortages.All(s => s.ExpectedRestockAt is not null) ? shortages.Max(s => s.ExpectedRestockAt) : null;
        return new AvailabilityReport(status, shortages, restockDate);
    }

    private static Task<List<PickItem>> PickListAsync(OperationsDbContext db, int orderId, CancellationToken cancellationToken) =>
        db.Reservations.AsNoTracking()
            .Where(r => r.OrderId == orderId && r.Status == ReservationStatus.Reserved)
            .Join(db.OrderLines, r => r.OrderLineId, l => l.Id, (r, l) => new { r, l })
            .OrderBy(x => x.r.StockItem!.Location!.Warehouse!.DistanceRank).ThenBy(x => x.r.StockItem!.Location!.Code).ThenBy(x => x.l.LineNumber)
            .Select(x => new PickItem(x.l.LineNumber, x.l.Sku, x.l.ProductName, x.r.StockItem!.Location!.WarehouseCode,
                x.r.StockItem.Location.Warehouse!.Name, x.r.StockItem.Location.Code, x.r.StockItem.Location.Shelf, x.r.Quantity))
            .ToListAsync(cancellationToken);

    private static Task<List<StockReservation>> HeldAsync(OperationsDbContext db, int orderId, CancellationToken cancellationToken) =>
        db.Reservations.AsNoTracking().Where(r => r.OrderId == orderId && r.Status == ReservationStatus.Reserved).ToListAsync(cancellationToken);

    // Moves one reservation out of Reserved; false if someone else already did (then they adjusted the stock).
    private static async Task<bool> CloseAsync(OperationsDbContext db, long reservationId, ReservationStatus to, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.Reservations.Where(r => r.Id == reservationId && r.Status == ReservationStatus.Reserved)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, to).SetProperty(r => r.ClosedAt, now), cancellationToken) == 1;

    private static async Task<Order> LoadOrderAsync(OperationsDbContext db, int orderId, CancellationToken cancellationToken) =>
        await db.Orders.AsNoTracking().Include(o => o.Lines).FirstOrDefaultAsync(o => o.Id == orderId, cancellationToken)
        ?? throw OrderNotFoundException.ForId(orderId);

    private static async Task<int> ResolveStockItemAsync(OperationsDbContext db, string sku, string? warehouse, string? location, CancellationToken cancellationToken)
    {
        if (!await db.Products.AnyAsync(p => p.Sku == sku, cancellationToken))
        {
            throw OperationsValidationException.For("sku", $"There is no product with SKU '{sku}'.");
        }

        if (string.IsNullOrWhiteSpace(warehouse) != string.IsNullOrWhiteSpace(location))
        {
            throw OperationsValidationException.For(string.IsNullOrWhiteSpace(warehouse) ? "warehouse" : "location",
                "Name both the warehouse and the location, or neither (the SKU's place in the closest warehouse).");
        }

        if (string.IsNullOrWhiteSpace(location))
        {
            return await db.StockItems.Where(s => s.Sku == sku)
                    .OrderBy(s => s.Location!.Warehouse!.DistanceRank).ThenBy(s => s.Location!.Code)
                    .Select(s => (int?)s.Id).FirstOrDefaultAsync(cancellationToken)
                ?? throw OperationsValidationException.For("location", $"SKU '{sku}' has no shelf location yet; name the warehouse and location.");
        }

        var shelf = await db.Locations.AsNoTracking()
            .FirstOrDefaultAsync(l => l.WarehouseCode == warehouse!.Trim() && l.Code == location.Trim(), cancellationToken)
            ?? throw OperationsValidationException.For("location", $"Warehouse '{warehouse}' has no location '{location}'.");
        if (await db.StockItems.Where(s => s.Sku == sku && s.LocationId == shelf.Id).Select(s => (int?)s.Id).FirstOrDefaultAsync(cancellationToken) is { } id)
        {
            return id;
        }

        var item = new StockItem { Sku = sku, LocationId = shelf.Id };
        db.StockItems.Add(item);
        await db.SaveChangesAsync(cancellationToken);
        return item.Id;
    }

    private static async Task<RestockResult?> FindRestockAsync(OperationsDbContext db, string idempotencyKey, CancellationToken cancellationToken)
    {
        var movement = await db.Movements.AsNoTracking().FirstOrDefaultAsync(m => m.IdempotencyKey == idempotencyKey, cancellationToken);
        return movement is null ? null : await DescribeRestockAsync(db, movement.StockItemId, movement.Quantity, duplicate: true, cancellationToken);
    }

    private static Task<RestockResult> DescribeRestockAsync(OperationsDbContext db, int stockItemId, int quantity, bool duplicate, CancellationToken cancellationToken) =>
        db.StockItems.AsNoTracking().Where(s => s.Id == stockItemId)
            .Select(s => new RestockResult(s.Sku, s.Location!.WarehouseCode, s.Location.Code, quantity, s.OnHand, s.Reserved, duplicate))
            .FirstAsync(cancellationToken);

    // Spreads returned quantities per SKU over the order's lines of that SKU, never more than a line had.
    private static List<(OrderLine Line, int Quantity)> AssignToLines(Order order, IReadOnlyList<ReturnedItem>? items)
    {
        var lines = order.Lines.OrderBy(l => l.LineNumber).ToList();
        if (items is null)
        {
            return [.. lines.Select(l => (l, l.Quantity))];
        }

        var assigned = new List<(OrderLine, int)>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var remaining = item.Quantity;
            if (remaining < 1)
            {
                throw OperationsValidationException.For($"items[{i}].quantity", "The quantity must be at least 1.");
            }

            foreach (var line in lines.Where(l => l.Sku == item.Sku))
            {
                var already = assigned.Where(a => a.Item1 == line).Sum(a => a.Item2);
                var take = Math.Min(remaining, line.Quantity - already);
                if (take > 0)
                {
                    assigned.Add((line, take));
                    remaining -= take;
                }
            }

            if (remaining > 0)
            {
                throw OperationsValidationException.For($"items[{i}]", $"Order {order.OrderNumber} has fewer than {item.Quantity} more unit(s) of '{item.Sku}' to return.");
            }
        }

        // One movement per line (its idempotency key names the line).
        return [.. assigned.GroupBy(a => a.Item1).Select(g => (g.Key, g.Sum(a => a.Item2)))];
    }
}
