using Fulfillment.Operations.Model;
using Fulfillment.Operations.Storage;
using Fulfillment.Workflows.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Fulfillment.Operations.Orders;

/// <summary>
/// Orders: placing them (idempotent by order number), reading them, and moving their status with a
/// history entry per change. Stock is <see cref="Inventory.InventoryService"/>'s business.
/// </summary>
public sealed class OrderService(IDbContextFactory<OperationsDbContext> contexts, TimeProvider clock, IOptions<OperationsOptions> options)
{
    /// <summary>
    /// Stores a new order with status Received, or returns the order already stored under the same
    /// order number (also when two requests race: the unique order number lets one insert win).
    /// </summary>
    /// <exception cref="OperationsValidationException">The request is incomplete or names unknown products.</exception>
    public async Task<OrderPlacement> PlaceAsync(PlaceOrderRequest request, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var skus = request.Lines?.Select(l => l?.Sku?.Trim()).OfType<string>().Distinct().ToList() ?? [];
        var catalog = await db.Products.AsNoTracking().Where(p => skus.Contains(p.Sku)).ToDictionaryAsync(p => p.Sku, cancellationToken);
        var valid = OrderRequestValidator.Validate(request, catalog, options.Value.DefaultTaxRate);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await FindByNumberAsync(db, valid.OrderNumber, cancellationToken) is { } existing)
        {
            return new OrderPlacement(existing, Created: false);
        }

        var order = Build(valid, clock.GetUtcNow());
        db.Orders.Add(order);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // Another node inserted the same order number between our check and insert: theirs is the order.
            await transaction.RollbackAsync(cancellationToken);
            await using var fresh = await contexts.CreateDbContextAsync(cancellationToken);
            return new OrderPlacement(await FindByNumberAsync(fresh, valid.OrderNumber, cancellationToken) ?? throw ex.InnerException!, Created: false);
        }

        db.StatusChanges.Add(new OrderStatusChange { OrderId = order.Id, To = OrderStatus.Received, Actor = actor, At = order.CreatedAt, Note = "Order placed" });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new OrderPlacement(order, Created: true);
    }

    public async Task<Order?> FindAsync(int id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Orders.AsNoTracking().Include(o => o.Lines).FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
    }

    public async Task<Order?> FindByNumberAsync(string orderNumber, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await FindByNumberAsync(db, orderNumber, cancellationToken);
    }

    /// <summary>Orders newest first, filtered by status and a search over order number, customer name and email.</summary>
    public async Task<OrderPage> ListAsync(OrderQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var take = Math.Clamp(query.Take, 1, 500);
        var skip = Math.Max(query.Skip, 0);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var orders = db.Orders.AsNoTracking();
        if (query.Status is { } status)
        {
            orders = orders.Where(o => o.Status == status);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            // Case-insensitive: SQLite's LIKE is for ASCII, PostgreSQL's needs ILIKE. The user's text must not act as a wildcard.
            var pattern = $"%{EscapeLike(query.Search.Trim())}%";
            orders = db.Database.IsNpgsql()
                ? orders.Where(o => EF.Functions.ILike(o.OrderNumber, pattern, "\\")
                    || EF.Functions.ILike(o.Customer.Name, pattern, "\\")
                    || EF.Functions.ILike(o.Customer.Email, pattern, "\\"))
                : orders.Where(o => EF.Functions.Like(o.OrderNumber, pattern, "\\")
                    || EF.Functions.Like(o.Customer.Name, pattern, "\\")
                    || EF.Functions.Like(o.Customer.Email, pattern, "\\"));
        }

        var total = await orders.CountAsync(cancellationToken);
        var items = await orders.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id).Skip(skip).Take(take)
            .Select(o => new OrderSummary(o.Id, o.OrderNumber, o.Status, o.PaymentStatus, o.Customer.Name, o.Customer.Email,
                o.ShippingMethod, o.Total, o.Currency, o.InstanceId, o.CreatedAt, o.UpdatedAt))
            .ToListAsync(cancellationToken);
        return new OrderPage(items, total, skip, take);
    }

    /// <summary>The order with its lines (and where their stock is held), history, shipments, documents, returns and feedback.</summary>
    public async Task<OrderDetails?> GetDetailsAsync(int id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Orders.AsNoTracking().Include(o => o.Lines).FirstOrDefaultAsync(o => o.Id == id, cancellationToken) is not { } order)
        {
            return null;
        }

        var allocations = (await db.Reservations.AsNoTracking()
                .Where(r => r.OrderId == id)
                .OrderBy(r => r.Id)
                .Select(r => new { r.OrderLineId, r.StockItem!.Location!.WarehouseCode, r.StockItem.Location.Code, r.Quantity, r.Status })
                .ToListAsync(cancellationToken))
            .ToLookup(r => r.OrderLineId, r => new LineAllocationView(r.WarehouseCode, r.Code, r.Quantity, r.Status));
        var history = await db.StatusChanges.AsNoTracking().Where(c => c.OrderId == id).OrderBy(c => c.Id)
            .Select(c => new StatusChangeView(c.From, c.To, c.Actor, c.At, c.Note))
            .ToListAsync(cancellationToken);
        var shipments = await db.Shipments.AsNoTracking().Include(s => s.TrackingEvents).Where(s => s.OrderId == id).OrderBy(s => s.Id)
            .ToListAsync(cancellationToken);
        var documents = await db.Documents.AsNoTracking().Where(d => d.OrderId == id).OrderBy(d => d.Id)
            .Select(d => new { d.Id, d.Kind, d.FileName, d.ContentType, Size = d.Content.Length, d.CreatedAt })
            .ToListAsync(cancellationToken);
        var returns = await db.Returns.AsNoTracking().Where(r => r.OrderId == id).OrderBy(r => r.Id)
            .Select(r => new ReturnView(r.Id, r.Reason, r.Status, r.InspectionOutcome, r.RefundStatus, r.RefundAmount, r.IsExchange, r.RequestedAt))
            .ToListAsync(cancellationToken);
        var feedback = await db.Feedback.AsNoTracking().Where(f => f.OrderId == id)
            .Select(f => new FeedbackView(f.Score, f.Comment, f.ReceivedAt))
            .FirstOrDefaultAsync(cancellationToken);

        return new OrderDetails(
            order.Id, order.OrderNumber, order.Status, order.PaymentStatus, order.InstanceId, order.Customer, order.ShippingAddress,
            order.ShippingMethod, order.SpecialInstructions, order.Currency, order.Subtotal, order.Discount, order.TaxRate, order.Tax, order.Total,
            order.CreatedAt, order.UpdatedAt, order.ShippedAt, order.DeliveredAt, order.CompletedAt,
            [.. order.Lines.OrderBy(l => l.LineNumber).Select(l => new OrderLineView(
                l.LineNumber, l.Sku, l.ProductName, l.Quantity, l.UnitPrice, l.LineTotal, l.StockStatus, [.. allocations[l.Id]]))],
            history,
            [.. shipments.Select(s => new ShipmentView(s.Id, s.CarrierCode, s.Service, s.TrackingNumber, s.Status, s.BookedAt, s.PickedUpAt,
                s.EstimatedDeliveryAt, s.DeliveredAt,
                [.. s.TrackingEvents.OrderBy(t => t.OccurredAt).ThenBy(t => t.Id).Select(t => new TrackingEventView(t.Code, t.Description, t.OccurredAt, t.Location))]))],
            [.. documents.Select(d => new DocumentView(d.Id, d.Kind, d.FileName, d.ContentType, d.Size, d.CreatedAt, DocumentView.HrefFor(id, d.Id)))],
            returns,
            feedback);
    }

    /// <summary>A filed document of the order, with its bytes; null if the order has no such document.</summary>
    public async Task<OrderDocument?> GetDocumentAsync(int orderId, int documentId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Documents.AsNoTracking().FirstOrDefaultAsync(d => d.Id == documentId && d.OrderId == orderId, cancellationToken);
    }

    /// <summary>
    /// Moves the order to <paramref name="to"/> and records who did it. False when it already was there
    /// (nothing recorded); throws <see cref="OrderStateException"/> when the move is not allowed.
    /// </summary>
    public async Task<bool> ChangeStatusAsync(int orderId, OrderStatus to, string actor, string? note, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);

        // Read, check, conditional write; a concurrent change makes the write miss, and we look again.
        for (var attempt = 0; ; attempt++)
        {
            var from = await db.Orders.Where(o => o.Id == orderId).Select(o => (OrderStatus?)o.Status).FirstOrDefaultAsync(cancellationToken)
                ?? throw OrderNotFoundException.ForId(orderId);
            if (from == to)
            {
                return false;
            }

            if (OrderStatusRules.WhyNot(from, to) is { } reason)
            {
                throw new OrderStateException($"Order {orderId} is {from} and cannot become {to}: {reason}.");
            }

            var update = new OrderStatusUpdate(orderId, from, to, actor, clock.GetUtcNow(), note);
            if (await OrderStatusWriter.TryApplyAsync(db, update, cancellationToken))
            {
                return true;
            }

            if (attempt == 5)
            {
                throw new OrderStateException($"Order {orderId} keeps changing; try again.");
            }
        }
    }

    /// <summary>Records the payment provider's news about an order.</summary>
    public async Task SetPaymentStatusAsync(int orderId, PaymentStatus status, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        if (await db.Orders.Where(o => o.Id == orderId)
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.PaymentStatus, status).SetProperty(o => o.UpdatedAt, now), cancellationToken) == 0)
        {
            throw OrderNotFoundException.ForId(orderId);
        }
    }

    /// <summary>Links the order to the workflow instance fulfilling it.</summary>
    public async Task SetInstanceAsync(int orderId, string instanceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Orders.Where(o => o.Id == orderId).ExecuteUpdateAsync(s => s.SetProperty(o => o.InstanceId, instanceId), cancellationToken);
    }

    /// <summary>Orders stored without a workflow instance (the process stopped between storing and starting).</summary>
    public async Task<IReadOnlyList<Order>> FindUnstartedAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Orders.AsNoTracking().Where(o => o.InstanceId == null && o.Status != OrderStatus.Cancelled)
            .OrderBy(o => o.Id).ToListAsync(cancellationToken);
    }

    private static Task<Order?> FindByNumberAsync(OperationsDbContext db, string orderNumber, CancellationToken cancellationToken) =>
        db.Orders.AsNoTracking().Include(o => o.Lines).FirstOrDefaultAsync(o => o.OrderNumber == orderNumber.Trim(), cancellationToken);

    private Order Build(ValidOrder valid, DateTimeOffset now)
    {
        var lines = valid.Lines.Select((l, i) => new OrderLine
        {
            LineNumber = i + 1,
            Sku = l.Product.Sku,
            ProductName = l.Product.Name,
            Quantity = l.Quantity,
            UnitPrice = l.UnitPrice,
            LineTotal = Money(l.Quantity * l.UnitPrice),
            StockStatus = LineStockStatus.Unreserved,
        }).ToList();
        var subtotal = lines.Sum(l => l.LineTotal);
        var tax = Money((subtotal - valid.Discount) * valid.TaxRate);
        return new Order
        {
            OrderNumber = valid.OrderNumber,
            Customer = valid.Customer,
            ShippingAddress = valid.ShippingAddress,
            ShippingMethod = valid.ShippingMethod,
            SpecialInstructions = valid.SpecialInstructions,
            PaymentStatus = valid.PaymentStatus,
            Status = OrderStatus.Received,
            Currency = options.Value.Currency,
            Subtotal = subtotal,
            Discount = valid.Discount,
            TaxRate = valid.TaxRate,
            Tax = tax,
            Total = subtotal - valid.Discount + tax,
            CreatedAt = now,
            UpdatedAt = now,
            Lines = lines,
        };
    }

    private static decimal Money(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
