using Fulfillment.Operations.Model;
using Fulfillment.Operations.Orders;
using Fulfillment.Workflows.Runtime;
using Fulfillment.Workflows.Sdk;

namespace Fulfillment.Operations.Activities;

/// <summary>Routes the order by its payment status. Reads only.</summary>
[Activity("Orders", "Check payment", Description = "Leaves by Paid, Pending or Failed (a refunded order counts as Failed).",
    Outcomes = [Paid, Pending, Failed])]
public sealed class CheckPayment(OrderService orders) : OrderActivity(orders)
{
    public const string Paid = nameof(Model.PaymentStatus.Paid);
    public const string Pending = nameof(Model.PaymentStatus.Pending);
    public const string Failed = nameof(Model.PaymentStatus.Failed);

    [Output(Description = "Pending, Paid, Failed or Refunded.")]
    public string? PaymentStatus { get; set; }

    protected override async ValueTask<string> RunAsync(ActivityContext context)
    {
        var order = await GetOrderAsync(context);
        PaymentStatus = order.PaymentStatus.ToString();
        return order.PaymentStatus switch
        {
            Model.PaymentStatus.Paid => Paid,
            Model.PaymentStatus.Pending => Pending,
            _ => Failed,
        };
    }
}

/// <summary>
/// Moves the order to a status and records it in the order's history.
/// Durability: written in the instance's commit transaction (a commit effect applied by
/// <c>OperationsCommitParticipant</c>), so the order moves exactly when this step commits; a re-run
/// after a crash writes it once, and a step that faults writes nothing.
/// </summary>
[Activity("Orders", "Update order status", Description = "Sets the order's status (received … completed) and adds it to the order's history.")]
public sealed class UpdateOrderStatus(OrderService orders) : OrderActivity(orders)
{
    [Input(Required = true, Description = "The new status.")]
    public OrderStatus Status { get; set; }

    [Input(Description = "Why, for the history (optional).", UIHint = "multiline")]
    public string? Note { get; set; }

    protected override async ValueTask<string> RunAsync(ActivityContext context)
    {
        var order = await GetOrderAsync(context);
        if (OrderStatusRules.WhyNot(order.Status, Status) is { } reason)
        {
            throw new WorkflowFaultException($"Order {order.OrderNumber} is {order.Status} and cannot become {Status}: {reason}.");
        }

        if (order.Status != Status)
        {
            context.AddCommitEffect(new OrderStatusUpdate(order.Id, order.Status, Status, context.Actor, context.Now, Note, context.InstanceId));
            context.Journal($"Order {order.OrderNumber}: {order.Status} → {Status}");
        }

        // Approvals may submit this step (seed 001: "Update order status to ready for shipment").
        StepSubmission.Record(context, new System.Text.Json.Nodes.JsonObject { ["status"] = Status.ToString(), ["previous"] = order.Status.ToString(), ["note"] = Note });
        return ActivityOutcomes.Done;
    }
}
