using System.Text.Json.Nodes;
using Fulfillment.Operations.Orders;
using Fulfillment.Operations.Returns;
using Fulfillment.Operations.Shipping;
using Fulfillment.Workflows.Runtime;
using Fulfillment.Workflows.Sdk;

namespace Fulfillment.Operations.Activities;

// The booking steps share ShipmentService.EnsureBookedAsync: the carrier is called during the step,
// idempotently (order number + shipment sequence), and the shipment row and label files are written in
// the step's commit. A step that runs again after a crash gets the same booking back from the carrier
// and records it once; a step that keeps an earlier booking for the same service books nothing.

/// <summary>What the shipping steps share: which service, which carrier.</summary>
public abstract class ShippingActivity(OrderService orders, ShipmentService shipments) : OrderActivity(orders)
{
    [Input(Description = "The service: Standard, Express or Same-day (the seeds' \"Express Shipping\" and the like work too). Empty: the order's shipping method.")]
    public string? Service { get; set; }

    [Input(Description = "The carrier's code, e.g. \"simulated\". Empty: the configured default carrier.")]
    public string? Carrier { get; set; }

    [Output(Description = "The parcel's tracking number (the wait for its delivery uses shipment:<tracking number>).")]
    public string? TrackingNumber { get; set; }

    [Output(Description = "The carrier's name.")]
    public string? CarrierName { get; set; }

    [Output(Description = "When the carrier expects to deliver it.")]
    public DateTimeOffset? EstimatedDelivery { get; set; }

    protected ShipmentService Shipments { get; } = shipments;

    protected Model.ShippingMethod MethodFor(Model.Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        try
        {
            return ServiceNames.Parse(Service, order.ShippingMethod);
        }
        catch (ArgumentException ex)
        {
            throw new WorkflowFaultException(ex.Message);
        }
    }

    protected void Report(ActivityContext context, ShipmentBooking booking, JsonObject? extra = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(booking);
        TrackingNumber = booking.TrackingNumber;
        CarrierName = booking.CarrierName;
        EstimatedDelivery = booking.EstimatedDelivery;
        var data = new JsonObject
        {
            ["carrier"] = booking.CarrierName,
            ["service"] = booking.Service,
            ["trackingNumber"] = booking.TrackingNumber,
            ["estimatedDelivery"] = booking.EstimatedDelivery,
            ["label"] = $"label-{booking.TrackingNumber}.pdf, label-{booking.TrackingNumber}.zpl",
        };
        foreach (var (name, value) in extra ?? [])
        {
            data[name] = value?.DeepClone();
        }

        StepSubmission.Record(context, data);
    }
}

/// <summary>
/// "Create shipping label": books the parcel with the carrier (tracking number) and files its 4×6 label
/// as PDF and ZPL (Code 128 barcode of the tracking number, QR code of the tracking page), downloadable
/// at <c>GET /api/orders/{id}/label.pdf</c> and <c>.zpl</c>. A label already made for the same service is
/// kept; another service replaces it (the old booking is cancelled).
/// </summary>
[Activity("Shipping", "Create shipping label",
    Description = "Books the parcel with the carrier and files its 4x6 label (PDF and ZPL, Code 128 and QR). Keeps a label already made for the same service.")]
public sealed class CreateShippingLabel(OrderService orders, ShipmentService shipments) : ShippingActivity(orders, shipments)
{
    protected override async ValueTask<string> RunAsync(ActivityContext context)
    {
        var order = await GetOrderAsync(context);
        var booking = await Shipments.EnsureBookedAsync(context, order, new ShipmentChoice(MethodFor(order), context.Now, Carrier));
        Report(context, booking);
        return ActivityOutcomes.Done;
    }
}

/// <summary>
/// "Arrange transport": books the shipment and its pickup with the carrier, for the chosen service and
/// day (the label step's booking when it already has that service).
/// </summary>
[Activity("Shipping", "Book carrier",
    Description = "Books the shipment and its pickup with the carrier for the service and pickup date; keeps the label step's booking when the service matches, else rebooks and files a new label.")]
public sealed class BookCarrier(OrderService orders, ShipmentService shipments) : ShippingActivity(orders, shipments)
{
    [Input(Description = "The day the carrier collects (e.g. a form's date). Empty or past: as soon as possible.")]
    public DateOnly? PickupDate { get; set; }

    [Output(Description = "When the carrier collects the parcel (when this step booked it).")]
    public DateTimeOffset? PickupAt { get; set; }

    protected override async ValueTask<string> RunAsync(ActivityContext context)
    {
        var order = await GetOrderAsync(context);
        var readyAt = PickupDate is { } day ? new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero) : context.Now;
        var booking = await Shipments.EnsureBookedAsync(context, order, new ShipmentChoice(MethodFor(order), readyAt, Carrier));
        PickupAt = booking.PickupAt;
        context.Journal(booking.Booked
            ? $"Pickup of {booking.TrackingNumber} booked with {booking.CarrierName}"
            : $"Pickup of {booking.TrackingNumber} was booked with its label ({booking.Service})");
        Report(context, booking, new JsonObject { ["pickupAt"] = PickupAt });
        return ActivityOutcomes.Done;
    }
}

/// <summary>An exchange: the returned goods again, in a new parcel with its own label and tracking number.</summary>
[Activity("Returns", "Create exchange shipment",
    Description = "Books a new parcel with the returned items for the customer (its own label and tracking number) and links it to the return.")]
public sealed class CreateExchangeShipment(OrderService orders, ShipmentService shipments, ReturnService returns) : ShippingActivity(orders, shipments)
{
    [Input(Description = "The return being exchanged. Empty: the workflow variable returnId.")]
    public int? ReturnId { get; set; }

    protected override async ValueTask<string> RunAsync(ActivityContext context)
    {
        var order = await GetOrderAsync(context);
        var returnId = ReturnId ?? (context.GetVariable("returnId") is { } variable ? variable.GetValue<int>() : (int?)null)
            ?? throw new WorkflowFaultException("Create exchange shipment does not know its return: set returnId or give the workflow a returnId variable.");
        var request = await returns.FindAsync(returnId, context.CancellationToken) ?? throw new WorkflowFaultException($"Return {returnId} was not found.");
        var booking = await Shipments.EnsureBookedAsync(context, order, new ShipmentChoice(MethodFor(order), context.Now, Carrier, request));
        Report(context, booking, new JsonObject { ["returnId"] = returnId });
        return ActivityOutcomes.Done;
    }
}
