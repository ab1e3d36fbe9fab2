using System.Globalization;
using Microsoft.Extensions.Options;

namespace Fulfillment.Operations.Carriers.Simulated;

/// <summary>
/// A built-in carrier for demos and tests. Tracking numbers follow from the order number and the
/// shipment sequence; tracking follows from the booking data and the time asked about, along the
/// service's timeline (same-day: hours; express: a day; standard: three days) and the booking's
/// <see cref="SimulatedScenario"/>: chosen by the booking option <c>scenario</c>, else by
/// <see cref="SimulatedCarrierOptions.ScenariosByOrderNumber"/>, else the default. It keeps no state:
/// a restart, or another node, answers the same.
/// </summary>
public sealed class SimulatedCarrier(IOptions<SimulatedCarrierOptions> options) : ICarrier
{
    public const string CarrierCode = "simulated";

    /// <summary>The <see cref="BookingRequest.Options"/> key that picks a <see cref="SimulatedScenario"/>.</summary>
    public const string ScenarioOption = "scenario";

    private const decimal MaxWeightKg = 70;

    public string Code => CarrierCode;

    public string DisplayName => "Simulated Carrier";

    public Task<IReadOnlyList<CarrierRate>> QuoteAsync(ShipmentRequest shipment, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shipment);
        Validate(shipment, "shipment");
        var pickupAt = now + options.Value.PickupLeadTime;
        IReadOnlyList<CarrierRate> rates =
        [
            .. SimulatedService.All.Select(s => new CarrierRate(s.Code, s.Name, s.Method,
                Math.Round(s.BasePrice + s.PricePerKg * shipment.Parcel.WeightKg, 2, MidpointRounding.AwayFromZero), "USD",
                pickupAt + s.DeliveredAfter)),
        ];
        return Task.FromResult(rates);
    }

    public Task<CarrierBooking> BookAsync(BookingRequest request, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = options.Value;
        var shipment = request.Shipment;
        Validate(shipment, "shipment");
        var service = SimulatedService.Find(request.ServiceCode)
            ?? throw new InvalidShipmentException("serviceCode",
                $"Unknown service '{request.ServiceCode}'; the simulated carrier offers {string.Join(", ", SimulatedService.All.Select(s => s.Code))}.");

        var trackingNumber = SimulatedTrackingNumber.For(settings.TrackingNumberPrefix, shipment.OrderNumber, shipment.ShipmentSequence);
        var pickupAt = (request.Pickup.ReadyAt > now ? request.Pickup.ReadyAt : now) + settings.PickupLeadTime;
        var booking = new SimulatedBooking(
            SimulatedBooking.CurrentVersion,
            trackingNumber,
            service.Code,
            ChooseScenario(request, settings),
            now,
            pickupAt,
            settings.DelayBy,
            settings.LostAfter,
            shipment.ShipFrom.City,
            shipment.ShipTo.City);

        var label = new LabelData(
            DisplayName,
            service.Name,
            trackingNumber,
            settings.TrackingUrlBase + trackingNumber,
            shipment.ShipFrom,
            shipment.ShipTo,
            shipment.Parcel.WeightKg,
            DateOnly.FromDateTime(pickupAt.UtcDateTime),
            shipment.OrderNumber,
            SortCode(shipment.ShipTo));

        // The promise made at booking is the normal timeline: a delay is news the customer learns later.
        return Task.FromResult(new CarrierBooking(Code, trackingNumber, service.Code, pickupAt, booking.ScheduledDeliveryAt, label, booking.ToJson()));
    }

    public Task<TrackingResult> TrackAsync(string carrierData, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var booking = SimulatedBooking.Parse(carrierData);
        var timeline = booking.Timeline();
        // The label exists from booking on, even when asked about an earlier instant.
        var happened = timeline.Where((e, i) => i == 0 || e.OccurredAt <= now).ToList();
        var status = happened[^1].Status;
        DateTimeOffset? estimate = status.IsFinal() ? null
            : happened.Any(e => e.Status == TrackingStatus.Delayed) ? booking.DeliveredAt
            : booking.ScheduledDeliveryAt;
        return Task.FromResult(new TrackingResult(booking.TrackingNumber, status, happened, estimate));
    }

    public Task<CarrierCancellation> CancelAsync(string carrierData, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var booking = SimulatedBooking.Parse(carrierData);
        var result = booking switch
        {
            { CancelledAt: { } at } => new CarrierCancellation(true, $"Already cancelled at {Format(at)}.", carrierData),
            _ when now >= booking.PickupAt => new CarrierCancellation(false, $"Picked up at {Format(booking.PickupAt)}; it can no longer be cancelled.", carrierData),
            _ => new CarrierCancellation(true, "Cancelled before pickup.", (booking with { CancelledAt = now }).ToJson()),
        };
        return Task.FromResult(result);
    }

    private static SimulatedScenario ChooseScenario(BookingRequest request, SimulatedCarrierOptions settings)
    {
        if (request.Options?.TryGetValue(ScenarioOption, out var requested) == true)
        {
            return Enum.TryParse<SimulatedScenario>(requested, ignoreCase: true, out var scenario) && Enum.IsDefined(scenario)
                ? scenario
                : throw new InvalidShipmentException($"options.{ScenarioOption}",
                    $"Unknown scenario '{requested}'; use one of {string.Join(", ", Enum.GetNames<SimulatedScenario>())}.");
        }

        return settings.ScenariosByOrderNumber.TryGetValue(request.Shipment.OrderNumber, out var configured) ? configured : settings.DefaultScenario;
    }

    private static void Validate(ShipmentRequest shipment, string path)
    {
        if (string.IsNullOrWhiteSpace(shipment.OrderNumber))
        {
            throw new InvalidShipmentException($"{path}.orderNumber", "The order number is required.");
        }

        if (shipment.ShipmentSequence is < 1 or > SimulatedTrackingNumber.MaxSequence)
        {
            throw new InvalidShipmentException($"{path}.shipmentSequence", $"The shipment sequence lies between 1 and {SimulatedTrackingNumber.MaxSequence}.");
        }

        if (shipment.Parcel.WeightKg is <= 0 or > MaxWeightKg)
        {
            throw new InvalidShipmentException($"{path}.parcel.weightKg", $"The parcel weighs more than 0 and at most {MaxWeightKg} kg, not {shipment.Parcel.WeightKg}.");
        }
    }

    // Country and the first three characters of the postal code: the hub a real carrier would sort to.
    private static string SortCode(PostalAddress address) =>
        $"{address.CountryCode.ToUpperInvariant()} {new string([.. address.PostalCode.Where(char.IsAsciiLetterOrDigit).Take(3)]).ToUpperInvariant()}".Trim();

    private static string Format(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
