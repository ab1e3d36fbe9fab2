using Fulfillment.Operations.Model;
using Fulfillment.Operations.Orders;
using Fulfillment.Workflows.Sdk;

namespace Fulfillment.Operations.Activities;

/// <summary>
/// An activity about one order that waits (a timer, a carrier's news) before it completes: the same
/// order inputs as <see cref="OrderActivity"/>, on the plain <see cref="Activity"/> base.
/// </summary>
public abstract class WaitingOrderActivity(OrderService orders) : Activity
{
    [Input(Description = "The order's id, e.g. {\"expr\": \"orderId\"}. Empty: the workflow variable orderId.")]
    public int? OrderId { get; set; }

    [Input(Description = "The order number, if not given by id. Empty: the workflow variable orderNumber.")]
    public string? OrderNumber { get; set; }

    protected OrderService Orders { get; } = orders;

    protected Task<Order> GetOrderAsync(ActivityContext context) => OrderActivity.FindOrderAsync(Orders, OrderId, OrderNumber, context);
}
