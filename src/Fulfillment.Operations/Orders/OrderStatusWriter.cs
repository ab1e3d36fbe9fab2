using Fulfillment.Operations.Model;
using Fulfillment.Operations.Storage;
using Microsoft.EntityFrameworkCore;

namespace Fulfillment.Operations.Orders;

/// <summary>A status change for the history: who, when, why, and (from a workflow) which instance.</summary>
public sealed record OrderStatusUpdate(int OrderId, OrderStatus From, OrderStatus To, string Actor, DateTimeOffset At, string? Note = null, string? InstanceId = null);

/// <summary>The one place that moves an order's status: the row and its history entry, together.</summary>
internal static class OrderStatusWriter
{
    /// <summary>
    /// Moves the order from <see cref="OrderStatusUpdate.From"/> to <see cref="OrderStatusUpdate.To"/> with a
    /// conditional UPDATE; false (nothing written) when the order is no longer in <c>From</c>, i.e. someone
    /// else changed it first. Call inside the caller's transaction.
    /// </summary>
    public static async Task<bool> TryApplyAsync(OperationsDbContext db, OrderStatusUpdate update, CancellationToken cancellationToken)
    {
        var at = update.At.ToUniversalTime();
        var moved = await db.Orders
            .Where(o => o.Id == update.OrderId && o.Status == update.From)
            .ExecuteUpdateAsync(s =>
            {
                s.SetProperty(o => o.Status, update.To).SetProperty(o => o.UpdatedAt, at);

                // The first arrival at these milestones is what the KPIs measure.
                switch (update.To)
                {
                    case OrderStatus.Shipped:
                        s.SetProperty(o => o.ShippedAt, o => o.ShippedAt ?? at);
                        break;
                    case OrderStatus.Delivered:
                        s.SetProperty(o => o.DeliveredAt, o => o.DeliveredAt ?? at);
                        break;
                    case OrderStatus.Completed:
                        s.SetProperty(o => o.CompletedAt, o => o.CompletedAt ?? at);
                        break;
                }
            }, cancellationToken);
        if (moved == 0)
        {
            return false;
        }

        db.StatusChanges.Add(new OrderStatusChange
        {
            OrderId = update.OrderId,
            From = update.From,
            To = update.To,
            Actor = update.Actor,
            At = at,
            Note = update.Note,
            InstanceId = update.InstanceId,
        });
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
