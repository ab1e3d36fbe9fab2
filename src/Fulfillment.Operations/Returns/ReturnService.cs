using Fulfillment.Operations.Inventory;
using Fulfillment.Operations.Model;
using Fulfillment.Operations.Orders;
using Fulfillment.Operations.Storage;
using Microsoft.EntityFrameworkCore;

namespace Fulfillment.Operations.Returns;

/// <summary>Why a return cannot be opened.</summary>
public sealed record ReturnRefusal(string Path, string Message);

/// <summary>
/// Return requests: opening one for an order (what comes back, why, refund or exchange) and reading
/// it. Its later states (approved, inspected, refunded, closed) are written by the returns workflow's
/// steps in their own commits.
/// </summary>
public sealed class ReturnService(IDbContextFactory<OperationsDbContext> contexts)
{
    public async Task<ReturnRequest?> FindAsync(int returnId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Returns.AsNoTracking().Include(r => r.Lines).FirstOrDefaultAsync(r => r.Id == returnId, cancellationToken);
    }

    /// <summary>
    /// Opens a return for <paramref name="order"/>, or returns the one <paramref name="instanceId"/>
    /// opened already (a step re-run after a crash opens nothing twice: one instance handles one return).
    /// </summary>
    /// <param name="items">What comes back; empty: every unit of the order.</param>
    /// <returns>The request, or why the order cannot be returned.</returns>
    public async Task<(ReturnRequest? Request, ReturnRefusal? Refusal)> OpenAsync(
        Order order,
        ReturnReason reason,
        IReadOnlyList<ReturnedItem> items,
        bool exchange,
        string? comment,
        string instanceId,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(items);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Returns.AsNoTracking().Include(r => r.Lines).FirstOrDefaultAsync(r => r.InstanceId == instanceId, cancellationToken) is { } existing)
        {
            return (existing, null);
        }

        if (Validate(order, items) is { } refusal)
        {
            return (null, refusal);
        }

        var lines = items.Count == 0
            ? order.Lines.Select(l => new ReturnLine { OrderLineId = l.Id, Quantity = l.Quantity }).ToList()
            : items.Select(i => new ReturnLine { OrderLineId = LineOf(order, i.Sku)!.Id, Quantity = i.Quantity }).ToList();

        var request = new ReturnRequest
        {
            OrderId = order.Id,
            Reason = reason,
            Comment = comment,
            Status = ReturnStatus.Requested,
            IsExchange = exchange,
            InstanceId = instanceId,
            RequestedAt = now.ToUniversalTime(),
            UpdatedAt = now.ToUniversalTime(),
            Lines = lines,
        };
        db.Returns.Add(request);
        await db.SaveChangesAsync(cancellationToken);
        return (request, null);
    }

    /// <summary>Why <paramref name="order"/> cannot take back <paramref name="items"/> (empty: everything), or null when it can.</summary>
    public static ReturnRefusal? Validate(Order order, IReadOnlyList<ReturnedItem> items)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(items);
        if (!OrderStatusRules.HasShipped(order.Status))
        {
            return new ReturnRefusal("orderId", $"Order {order.OrderNumber} is {order.Status}: only shipped orders can be returned.");
        }

        for (var i = 0; i < items.Count; i++)
        {
            var line = LineOf(order, items[i].Sku);
            if (line is null)
            {
                return new ReturnRefusal($"items[{i}].sku", $"Order {order.OrderNumber} has no line with SKU '{items[i].Sku}'.");
            }

            if (items[i].Quantity < 1 || items[i].Quantity > line.Quantity)
            {
                return new ReturnRefusal($"items[{i}].quantity", $"Between 1 and {line.Quantity} units of {line.Sku} can come back, not {items[i].Quantity}.");
            }
        }

        return items.GroupBy(i => i.Sku, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice
            ? new ReturnRefusal("items", $"SKU '{twice.Key}' is listed twice; give its total quantity once.")
            : null;
    }

    /// <summary>What the returned units are worth to the customer: their price, less the order's discount share, plus tax; the order's total when everything comes back.</summary>
    public static decimal RefundableAmount(Order order, ReturnRequest request)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(request);
        var returned = request.Lines.Sum(rl => order.Lines.FirstOrDefault(l => l.Id == rl.OrderLineId) is { } line ? line.UnitPrice * rl.Quantity : 0m);
        if (order.Subtotal <= 0 || returned >= order.Subtotal)
        {
            return order.Total;
        }

        var share = returned / order.Subtotal;
        return Math.Round((returned - order.Discount * share) * (1 + order.TaxRate), 2, MidpointRounding.AwayFromZero);
    }

    private static OrderLine? LineOf(Order order, string sku) =>
        order.Lines.FirstOrDefault(l => string.Equals(l.Sku, sku, StringComparison.OrdinalIgnoreCase));
}
