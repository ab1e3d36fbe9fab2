using Fulfillment.Operations.Model;

namespace Fulfillment.Operations.Orders;

/// <summary>
/// Which status changes are allowed. Workflows differ in the steps they take (and an approval sent
/// back moves an order backwards), so the rules only forbid what can never be right.
/// </summary>
public static class OrderStatusRules
{
    /// <summary>Goods have left the warehouse: the order can no longer be cancelled, only returned.</summary>
    public static bool HasShipped(OrderStatus status) =>
        status is OrderStatus.Shipped or OrderStatus.InTransit or OrderStatus.Delivered or OrderStatus.Completed or OrderStatus.Returned;

    /// <summary>Null when <paramref name="from"/> may become <paramref name="to"/>; otherwise why not.</summary>
    public static string? WhyNot(OrderStatus from, OrderStatus to) => (from, to) switch
    {
        _ when from == to => null,
        (OrderStatus.Cancelled, _) => "a cancelled order stays cancelled",
        (OrderStatus.Returned, _) => "a returned order stays returned",
        (OrderStatus.Completed, not OrderStatus.Returned) => "a completed order can only be returned",
        (_, OrderStatus.Cancelled) when HasShipped(from) => "it has shipped; return it instead",
        _ => null,
    };
}
