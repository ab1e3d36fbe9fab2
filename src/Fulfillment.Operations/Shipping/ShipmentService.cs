using Fulfillment.Operations.Carriers;
using Fulfillment.Operations.Customers;
using Fulfillment.Operations.Filing;
using Fulfillment.Operations.Labels;
using Fulfillment.Operations.Model;
using Fulfillment.Operations.Storage;
using Fulfillment.Workflows.Runtime;
using Fulfillment.Workflows.Sdk;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Fulfillment.Operations.Shipping;

/// <summary>What a shipping step wants booked: the service, when the parcel is ready, and for an exchange its return.</summary>
/// <param name="Carrier">The carrier's code; null: <see cref="ShippingOptions.DefaultCarrier"/>.</param>
public sealed record ShipmentChoice(Model.ShippingMethod Method, DateTimeOffset ReadyAt, string? Carrier = null, ReturnRequest? Exchange = null);

/// <summary>The parcel a shipping step ends up with.</summary>
/// <param name="PickupAt">When the carrier collects it (known when this step booked it).</param>
/// <param name="Booked">True when this step booked it; false when an earlier step's booking for the same service was kept.</param>
public sealed record ShipmentBooking(string CarrierCode, string CarrierName, string Service, string TrackingNumber, DateTimeOffset? EstimatedDelivery, DateTimeOffset? PickupAt, bool Booked);

/// <summary>
/// An order's shipments: finding them, and booking them with a carrier. Booking calls the carrier
/// during the step (the workflow needs the tracking number at once) and is idempotent instead of
/// going through the outbox: the request names the order and the shipment's sequence number, which a
/// step that runs again after a crash computes the same (the shipment rows come only from committed
/// steps), and the carrier answers the same request with the same booking. The shipment row and its
/// label files are commit effects, written with the step.
/// </summary>
public sealed class ShipmentService(
    IDbContextFactory<OperationsDbContext> contexts,
    ICarrierRegistry carriers,
    IOptions<ShippingOptions> options,
    IOptions<ShopOptions> shop)
{
    /// <summary>The order's shipment with this tracking number, or (without one) its newest shipment that is not cancelled; with its scans.</summary>
    public async Task<Shipment?> FindAsync(int orderId, string? trackingNumber, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var shipments = db.Shipments.AsNoTracking().Include(s => s.TrackingEvents).Where(s => s.OrderId == orderId);
        return string.IsNullOrWhiteSpace(trackingNumber)
            ? await shipments.Where(s => s.Status != ShipmentStatus.Cancelled).OrderByDescending(s => s.Id).FirstOrDefaultAsync(cancellationToken)
            : await shipments.FirstOrDefaultAsync(s => s.TrackingNumber == trackingNumber.Trim(), cancellationToken);
    }

    /// <summary>The carrier's display name, or the code for a carrier no longer registered.</summary>
    public string CarrierName(string code) => carriers.TryGet(code, out var carrier) ? carrier.DisplayName : code;

    /// <summary>
    /// Makes sure the order (or the exchange) has a parcel booked for the chosen service: keeps the
    /// current one if it has that service and has not been collected yet; otherwise cancels a booking
    /// with another service and books anew, filing the new label as PDF and ZPL.
    /// </summary>
    /// <exception cref="WorkflowFaultException">Unknown carrier, or the carrier refuses the parcel (the message names why).</exception>
    public async Task<ShipmentBooking> EnsureBookedAsync(ActivityContext context, Order order, ShipmentChoice choice)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(choice);
        var ct = context.CancellationToken;
        var carrierCode = choice.Carrier ?? options.Value.DefaultCarrier;
        if (!carriers.TryGet(carrierCode, out var carrier))
        {
            throw new WorkflowFaultException($"No carrier has the code '{carrierCode}'. Registered: {string.Join(", ", carriers.Carriers.Select(c => c.Code))}.");
        }

        var service = ServiceNames.ToCarrier(choice.Method).ToCode();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var current = await CurrentAsync(db, order.Id, choice.Exchange, ct);
        if (current is { Status: ShipmentStatus.Booked } && current.CarrierCode == carrier.Code && current.Service == service)
        {
            return new ShipmentBooking(current.CarrierCode, carrier.DisplayName, current.Service, current.TrackingNumber!, current.EstimatedDeliveryAt, PickupAt: null, Booked: false);
        }

        if (current is { Status: ShipmentStatus.Booked, CarrierDataJson: { } oldData } && carriers.TryGet(current.CarrierCode, out var oldCarrier))
        {
            // Another service (or carrier) was chosen before collection: the old booking is given back.
            var cancellation = await oldCarrier.CancelAsync(oldData, context.Now, ct);
            if (!cancellation.Cancelled)
            {
                // Already on its way: the parcel goes as booked.
                context.Journal($"Booking {current.TrackingNumber} ({current.Service}) is kept: {cancellation.Reason}");
                return new ShipmentBooking(current.CarrierCode, oldCarrier.DisplayName, current.Service, current.TrackingNumber!, current.EstimatedDeliveryAt, PickupAt: null, Booked: false);
            }

            context.AddCommitEffect(new ShipmentCancelled(current.CarrierCode, current.TrackingNumber!, context.Now, cancellation.CarrierData));
            context.Journal($"Booking {current.TrackingNumber} ({current.Service}) cancelled for a {service} booking");
        }

        var sequence = await db.Shipments.CountAsync(s => s.OrderId == order.Id, ct) + 1;
        var scenario = CarrierScenarios.For(order);
        var request = new BookingRequest(
            new ShipmentRequest(order.OrderNumber, sequence, ShipFrom(), OrderPaperwork.ShipTo(order), await ParcelAsync(db, order, choice.Exchange, ct), ServiceNames.ToCarrier(choice.Method)),
            service,
            new PickupRequest(choice.ReadyAt > context.Now ? choice.ReadyAt : context.Now),
            scenario is null ? null : new Dictionary<string, string> { ["scenario"] = scenario });
        CarrierBooking booking;
        try
        {
            booking = await carrier.BookAsync(request, context.Now, ct);
        }
        catch (InvalidShipmentException ex)
        {
            throw new WorkflowFaultException($"{carrier.DisplayName} refused the parcel of order {order.OrderNumber}: {ex.Message}");
        }

        context.AddCommitEffect(new ShipmentBooked(order.Id, carrier.Code, booking.ServiceCode, booking.TrackingNumber, context.Now, booking.EstimatedDelivery,
            scenario, booking.CarrierData, choice.Exchange?.Id));
        context.AddCommitEffect(new DocumentFiled(order.Id, DocumentKind.LabelPdf, $"label-{booking.TrackingNumber}.pdf", "application/pdf",
            PdfShippingLabel.Render(booking.Label), context.Now, booking.TrackingNumber));
        context.AddCommitEffect(new DocumentFiled(order.Id, DocumentKind.LabelZpl, $"label-{booking.TrackingNumber}.zpl", "text/plain; charset=utf-8",
            System.Text.Encoding.UTF8.GetBytes(ZplShippingLabel.Render(booking.Label)), context.Now, booking.TrackingNumber));
        context.Journal($"Booked {booking.TrackingNumber} with {carrier.DisplayName} ({booking.ServiceCode}), pickup {booking.PickupAt:u}, due {booking.EstimatedDelivery:u}"
            + (scenario is null ? string.Empty : $", scenario {scenario}"));
        return new ShipmentBooking(carrier.Code, carrier.DisplayName, booking.ServiceCode, booking.TrackingNumber, booking.EstimatedDelivery, booking.PickupAt, Booked: true);
    }

    /// <summary>
    /// The order's parcel the step works on: for an exchange, the return's replacement parcel; otherwise
    /// the newest parcel that is not a replacement.
    /// </summary>
    private static async Task<Shipment?> CurrentAsync(OperationsDbContext db, int orderId, ReturnRequest? exchange, CancellationToken ct)
    {
        if (exchange is not null)
        {
            return exchange.ExchangeShipmentId is { } id ? await db.Shipments.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct) : null;
        }

        var replacements = db.Returns.Where(r => r.OrderId == orderId && r.ExchangeShipmentId != null).Select(r => r.ExchangeShipmentId!.Value);
        return await db.Shipments.AsNoTracking()
            .Where(s => s.OrderId == orderId && !replacements.Contains(s.Id) && s.Status != ShipmentStatus.Cancelled)
            .OrderByDescending(s => s.Id)
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>The units' weight from the catalog (what an exchange sends back, or the whole order).</summary>
    private static async Task<Parcel> ParcelAsync(OperationsDbContext db, Order order, ReturnRequest? exchange, CancellationToken ct)
    {
        var units = exchange is null
            ? order.Lines.Select(l => (l.Sku, l.Quantity)).ToList()
            : exchange.Lines.Select(rl => (order.Lines.First(l => l.Id == rl.OrderLineId).Sku, rl.Quantity)).ToList();
        var skus = units.Select(u => u.Sku).Distinct().ToList();
        var weights = await db.Products.AsNoTracking().Where(p => skus.Contains(p.Sku)).ToDictionaryAsync(p => p.Sku, p => p.WeightKg, ct);
        var total = units.Sum(u => weights.GetValueOrDefault(u.Sku) * u.Quantity);
        return new Parcel(Math.Max(0.1m, Math.Round(total, 2)));
    }

    private PostalAddress ShipFrom() => OrderPaperwork.ShopAddress(shop.Value);
}
