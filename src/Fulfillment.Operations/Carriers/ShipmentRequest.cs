namespace Fulfillment.Operations.Carriers;

/// <summary>The parcel as the carrier needs it: weight in kilograms, dimensions in centimetres when known.</summary>
public sealed record Parcel(decimal WeightKg, decimal? LengthCm = null, decimal? WidthCm = null, decimal? HeightCm = null);

/// <summary>
/// One shipment of an order. <see cref="ShipmentSequence"/> tells an order's shipments apart (1 for
/// the first; an exchange or a re-sent parcel counts up), so booking the same shipment twice can be
/// recognised as the same shipment.
/// </summary>
public sealed record ShipmentRequest(
    string OrderNumber,
    int ShipmentSequence,
    PostalAddress ShipFrom,
    PostalAddress ShipTo,
    Parcel Parcel,
    ShippingMethod ShippingMethod);

/// <summary>When the parcel is ready to be collected, and anything the driver should know.</summary>
public sealed record PickupRequest(DateTimeOffset ReadyAt, string? Instructions = null);

/// <summary>
/// Book <see cref="Shipment"/> with the carrier's service <see cref="ServiceCode"/> (from a quote)
/// and a pickup. <see cref="Options"/> are carrier-specific switches (the simulated carrier reads
/// <c>scenario</c>).
/// </summary>
public sealed record BookingRequest(
    ShipmentRequest Shipment,
    string ServiceCode,
    PickupRequest Pickup,
    IReadOnlyDictionary<string, string>? Options = null);

/// <summary>
/// A price for one service, and when it would arrive if booked now. <see cref="Method"/> is the
/// order shipping method the service fulfils, so a caller can pick the rate for the order's method.
/// </summary>
public sealed record CarrierRate(string ServiceCode, string ServiceName, ShippingMethod Method, decimal Price, string Currency, DateTimeOffset EstimatedDelivery);

/// <summary>
/// A booked shipment. <see cref="CarrierData"/> is opaque JSON the caller stores with the shipment
/// and hands back to <see cref="ICarrier.TrackAsync"/> and <see cref="ICarrier.CancelAsync"/>: it holds
/// everything the carrier needs to answer later, so a carrier keeps no state of its own.
/// </summary>
public sealed record CarrierBooking(
    string CarrierCode,
    string TrackingNumber,
    string ServiceCode,
    DateTimeOffset PickupAt,
    DateTimeOffset EstimatedDelivery,
    LabelData Label,
    string CarrierData);

/// <summary>The outcome of <see cref="ICarrier.CancelAsync"/>; store <see cref="CarrierData"/> in place of the old data.</summary>
public sealed record CarrierCancellation(bool Cancelled, string Reason, string CarrierData);
