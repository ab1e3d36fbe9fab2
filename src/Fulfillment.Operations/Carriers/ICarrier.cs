namespace Fulfillment.Operations.Carriers;

/// <summary>
/// A carrier behind one interface: quote, book (with pickup), track, cancel. Times are passed in
/// (<c>now</c>) rather than read from a clock, so workflows on virtual time and tests get the
/// carrier's answer for the moment they ask about. Implementations keep no state between calls:
/// what <see cref="TrackAsync"/> and <see cref="CancelAsync"/> need is in the booking's
/// <see cref="CarrierBooking.CarrierData"/>, which the caller stores.
/// </summary>
public interface ICarrier
{
    /// <summary>Stable lower-case identifier stored with shipments, e.g. <c>simulated</c>.</summary>
    string Code { get; }

    string DisplayName { get; }

    /// <summary>A rate per service the carrier offers for this shipment.</summary>
    Task<IReadOnlyList<CarrierRate>> QuoteAsync(ShipmentRequest shipment, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Books the shipment and its pickup; the same request gives the same tracking number.</summary>
    /// <exception cref="InvalidShipmentException">The request names an unknown service or an impossible parcel.</exception>
    Task<CarrierBooking> BookAsync(BookingRequest request, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>The tracking events up to <paramref name="now"/> and the current status.</summary>
    Task<TrackingResult> TrackAsync(string carrierData, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Cancels the booking if the carrier still can (typically: not yet picked up). Cancelling twice is not an error.</summary>
    Task<CarrierCancellation> CancelAsync(string carrierData, DateTimeOffset now, CancellationToken cancellationToken = default);
}

/// <summary>
/// A shipment the carrier cannot take. <see cref="Path"/> is the JSON path of the offending value
/// (<c>shipment.parcel.weightKg</c>), so an endpoint can answer with a problem detail naming it.
/// </summary>
public sealed class InvalidShipmentException(string path, string message) : ArgumentException($"{path}: {message}")
{
    public string Path { get; } = path;
}
