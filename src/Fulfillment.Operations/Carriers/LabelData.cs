namespace Fulfillment.Operations.Carriers;

/// <summary>
/// What a shipping label shows, as a carrier returns it with a booking. The label renderers in
/// <c>Fulfillment.Operations.Labels</c> turn it into ZPL or PDF.
/// </summary>
/// <param name="ServiceName">The carrier's service as printed, e.g. "EXPRESS".</param>
/// <param name="TrackingUrl">The public tracking page, encoded in the label's QR code.</param>
/// <param name="Reference">The shipper's reference, usually the order number.</param>
/// <param name="SortCode">The carrier's routing code for its hubs, printed large when given.</param>
public sealed record LabelData(
    string CarrierName,
    string ServiceName,
    string TrackingNumber,
    string TrackingUrl,
    PostalAddress ShipFrom,
    PostalAddress ShipTo,
    decimal WeightKg,
    DateOnly ShipDate,
    string Reference,
    string? SortCode = null);
