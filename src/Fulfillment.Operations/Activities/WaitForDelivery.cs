using System.Globalization;
using System.Text.Json.Nodes;
using Fulfillment.Operations.Model;
using Fulfillment.Operations.Orders;
using Fulfillment.Operations.Shipping;
using Fulfillment.Workflows.Runtime;
using Fulfillment.Workflows.Sdk;

namespace Fulfillment.Operations.Activities;

/// <summary>
/// Follows a parcel until the carrier says how it ended: waits on <c>shipment:&lt;tracking number&gt;</c>
/// (resumed by carrier webhooks and the tracking poll), journals every new scan, moves the order to
/// InTransit and Delivered, and leaves by InTransit (the first time the parcel moves, so the workflow
/// can tell the customer and wait again), Delayed, Delivered, Damaged, Lost, or TimedOut. The stored
/// scans are the truth: news that arrived before the wait began is seen at once.
/// </summary>
[Activity("Shipping", "Wait for delivery",
    Description = "Waits on shipment:<tracking number> until the carrier reports the parcel in transit (once), delayed, delivered, damaged or lost; records the scans and the order's status.",
    Outcomes = [InTransit, Delayed, Delivered, Damaged, Lost, ActivityOutcomes.TimedOut])]
public sealed class WaitForDelivery(OrderService orders, ShipmentService shipments) : WaitingOrderActivity(orders)
{
    public const string InTransit = nameof(ShipmentStatus.InTransit);
    public const string Delayed = nameof(ShipmentStatus.Delayed);
    public const string Delivered = nameof(ShipmentStatus.Delivered);
    public const string Damaged = nameof(ShipmentStatus.Damaged);
    public const string Lost = nameof(ShipmentStatus.Lost);

    [Input(Description = "The parcel. Empty: the order's newest shipment that is not cancelled.")]
    public string? TrackingNumber { get; set; }

    [Input(Description = "Leave by TimedOut when the carrier has said nothing new for this long (e.g. \"P21D\"). Empty: wait for ever.")]
    public TimeSpan? Timeout { get; set; }

    [Input(Description = "Move the order to InTransit and Delivered (off for an exchange's replacement parcel).", DefaultValue = "true")]
    public bool UpdateOrderStatus { get; set; } = true;

    [Output(Description = "The outcome: InTransit, Delayed, Delivered, Damaged or Lost.")]
    public string? Status { get; set; }

    [Output(Description = "The latest scan: code, description, location, occurredAt.")]
    public JsonObject? LastScan { get; set; }

    [Output(Description = "When the carrier delivered it.")]
    public DateTimeOffset? DeliveredAt { get; set; }

    public override async ValueTask ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var order = await GetOrderAsync(context);
        var shipment = await shipments.FindAsync(order.Id, TrackingNumber, context.CancellationToken);
        if (shipment is null && !string.IsNullOrWhiteSpace(TrackingNumber))
        {
            // Booked by an earlier step of this same pass: its row is written with this pass's commit, and
            // the tracking poll (or a webhook) resumes the wait with its first scan.
            var pending = TrackingNumber.Trim();
            context.ActivityState["trackingNumber"] = pending;
            context.Journal($"Waiting for the first scan of {pending}");
            Wait(context, pending);
            return;
        }

        if (shipment is null)
        {
            throw new WorkflowFaultException($"Order {order.OrderNumber} has no shipment to wait for.");
        }

        context.ActivityState["trackingNumber"] = shipment.TrackingNumber;
        Decide(context, order, shipment);
    }

    public override async ValueTask ResumeAsync(ActivityContext context, JsonNode? payload)
    {
        ArgumentNullException.ThrowIfNull(context);
        var order = await GetOrderAsync(context);
        var trackingNumber = context.ActivityState["trackingNumber"]!.GetValue<string>();
        var shipment = await shipments.FindAsync(order.Id, trackingNumber, context.CancellationToken)
            ?? throw new WorkflowFaultException($"Order {order.OrderNumber} has no shipment {trackingNumber} any more.");
        Decide(context, order, shipment);
    }

    private void Decide(ActivityContext context, Order order, Shipment shipment)
    {
        var trackingNumber = shipment.TrackingNumber!;
        var seen = Marks(context, "seen");
        var lastSeen = seen[trackingNumber]?.GetValue<long>() ?? 0;
        var scans = shipment.TrackingEvents.OrderBy(e => e.OccurredAt).ThenBy(e => e.Id).ToList();
        var fresh = scans.Where(e => e.Id > lastSeen).ToList();
        foreach (var scan in fresh)
        {
            context.Journal($"{trackingNumber}: {scan.Description}" + (scan.Location is null ? string.Empty : $" ({scan.Location})"), Scan(scan));
        }

        if (fresh.Count > 0)
        {
            seen[trackingNumber] = fresh.Max(e => e.Id);
        }

        var movedOn = Marks(context, "inTransit");
        var outcome = shipment.Status switch
        {
            ShipmentStatus.Delivered => Delivered,
            ShipmentStatus.Lost => Lost,
            ShipmentStatus.Damaged => Damaged,
            ShipmentStatus.Delayed when fresh.Count > 0 => Delayed,
            ShipmentStatus.PickedUp or ShipmentStatus.InTransit or ShipmentStatus.OutForDelivery when movedOn[trackingNumber] is null => InTransit,
            _ => null,
        };
        if (outcome is null)
        {
            Wait(context, trackingNumber);
            return;
        }

        if (outcome == InTransit)
        {
            movedOn[trackingNumber] = true;
        }

        if (UpdateOrderStatus && TargetStatus(order.Status, outcome) is { } to)
        {
            context.AddCommitEffect(new OrderStatusUpdate(order.Id, order.Status, to, context.Actor, context.Now, $"Parcel {trackingNumber}", context.InstanceId));
            context.Journal($"Order {order.OrderNumber}: {order.Status} → {to}");
        }

        Status = outcome;
        LastScan = scans.Count > 0 ? Scan(scans[^1]) : null;
        DeliveredAt = shipment.DeliveredAt;
        context.Complete(outcome);
    }

    private void Wait(ActivityContext context, string trackingNumber)
    {
        context.Suspend(TrackingService.ShipmentKey(trackingNumber));
        if (Timeout is { } timeout)
        {
            context.TimeoutAt(context.Now + timeout);
        }
    }

    /// <summary>The order follows its parcel forwards only: a later parcel (a replacement) never moves a delivered order back.</summary>
    private static OrderStatus? TargetStatus(OrderStatus current, string outcome) => (current, outcome) switch
    {
        (OrderStatus.Shipped, InTransit) => OrderStatus.InTransit,
        (OrderStatus.Shipped or OrderStatus.InTransit, Delivered) => OrderStatus.Delivered,
        _ => null,
    };

    /// <summary>Per-parcel marks kept in the node's state across passes of a loop (scans seen, "in transit" told).</summary>
    private static JsonObject Marks(ActivityContext context, string name)
    {
        if (context.ActivityState[name] is not JsonObject marks)
        {
            marks = [];
            context.ActivityState[name] = marks;
        }

        return marks;
    }

    private static JsonObject Scan(TrackingEvent scan) => new()
    {
        ["code"] = scan.Code,
        ["description"] = scan.Description,
        ["location"] = scan.Location,
        ["occurredAt"] = scan.OccurredAt.ToString("O", CultureInfo.InvariantCulture),
    };
}
