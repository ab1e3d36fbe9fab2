using Fulfillment.Operations.Model;
using Fulfillment.Operations.Orders;
using Fulfillment.Workflows.Runtime;
using Fulfillment.Workflows.Sdk;

namespace Fulfillment.Operations.Activities;

/// <summary>
/// An activity about one order, named by <see cref="OrderId"/> or <see cref="OrderNumber"/> (literals
/// or expressions). Left empty, the workflow's <c>orderId</c> (else <c>orderNumber</c>) variable is
/// used: the order workflow gets both as input, so dropped into it the activity needs no setup.
/// </summary>
public abstract class OrderActivity(OrderService orders) : CodeActivity
{
    [Input(Description = "The order's id, e.g. {\"expr\": \"orderId\"}. Empty: the workflow variable orderId.")]
    public int? OrderId { get; set; }

    [Input(Description = "The order number, if not given by id. Empty: the workflow variable orderNumber.")]
    public string? OrderNumber { get; set; }

    /// <exception cref="WorkflowFaultException">No order is named, or there is no such order.</exception>
    protected Task<Order> GetOrderAsync(ActivityContext context) => FindOrderAsync(orders, OrderId, OrderNumber, context);

    /// <summary>The order named by id or number, else by the workflow's orderId (or orderNumber) variable; shared with activities that wait.</summary>
    /// <exception cref="WorkflowFaultException">No order is named, or there is no such order.</exception>
    internal static async Task<Order> FindOrderAsync(OrderService orders, int? orderId, string? orderNumber, ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = orderId;
        var number = string.IsNullOrWhiteSpace(orderNumber) ? null : orderNumber.Trim();
        if (id is null && number is null)
        {
            id = context.GetVariable("orderId") is { } idVariable ? idVariable.GetValue<int>() : null;
            number = context.GetVariable("orderNumber")?.GetValue<string>();
        }

        var order = id is { } byId ? await orders.FindAsync(byId, context.CancellationToken)
            : number is not null ? await orders.FindByNumberAsync(number, context.CancellationToken)
            : throw new WorkflowFaultException($"{context.ActivityType} '{context.ActivityId}' does not know its order: set its orderId or orderNumber input, or give the workflow an orderId variable.");
        return order ?? throw new WorkflowFaultException(id is not null ? $"Order {id} was not found." : $"Order '{number}' was not found.");
    }
}
