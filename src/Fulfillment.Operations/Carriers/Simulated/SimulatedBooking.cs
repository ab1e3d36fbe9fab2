using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fulfillment.Operations.Carriers.Simulated;

/// <summary>
/// The simulated carrier's <see cref="CarrierBooking.CarrierData"/>: everything its tracking answers
/// follow from, including the option values in force at booking time. <see cref="Version"/> lets a
/// later format still read what earlier bookings stored.
/// </summary>
internal sealed record SimulatedBooking(
    int Version,
    string TrackingNumber,
    string Service,
    SimulatedScenario Scenario,
    DateTimeOffset BookedAt,
    DateTimeOffset PickupAt,
    TimeSpan DelayBy,
    TimeSpan LostAfter,
    string Origin,
    string Destination,
    DateTimeOffset? CancelledAt = null)
{
    public const int CurrentVersion = 1;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static SimulatedBooking Parse(string carrierData)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(carrierData);
        SimulatedBooking? booking;
        try
        {
            booking = JsonSerializer.Deserialize<SimulatedBooking>(carrierData, Json);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"This is not simulated-carrier booking data: {ex.Message}", nameof(carrierData), ex);
        }

        return booking switch
        {
            null => throw new ArgumentException("This is not simulated-carrier booking data.", nameof(carrierData)),
            { Version: not CurrentVersion } => throw new ArgumentException($"Simulated-carrier booking data version {booking.Version} is not supported.", nameof(carrierData)),
            _ when SimulatedService.Find(booking.Service) is null => throw new ArgumentException($"Unknown simulated service '{booking.Service}'.", nameof(carrierData)),
            _ => booking,
        };
    }

    /// <summary>
    /// Every event this booking will ever have, in order, including those still in the future. A
    /// cancelled booking ends with its cancellation.
    /// </summary>
    public IReadOnlyList<CarrierTrackingEvent> Timeline()
    {
        var labelCreated = new CarrierTrackingEvent(TrackingStatus.LabelCreated, BookedAt, "Shipping label created; the carrier awaits the parcel.", Origin);
        if (CancelledAt is { } cancelledAt)
        {
            return [labelCreated, new CarrierTrackingEvent(TrackingStatus.Cancelled, cancelledAt, "Shipment cancelled before pickup.", Origin)];
        }

        var service = SimulatedService.Find(Service)!;
        const string hub = "Sorting hub";
        var inTransit = PickupAt + service.InTransitAfter;
        var events = new List<CarrierTrackingEvent>
        {
            labelCreated,
            new(TrackingStatus.PickedUp, PickupAt, "Picked up by the driver.", Origin),
            new(TrackingStatus.InTransit, inTransit, "In transit: arrived at the sorting hub.", hub),
        };

        switch (Scenario)
        {
            case SimulatedScenario.Lost:
                events.Add(new(TrackingStatus.Lost, inTransit + LostAfter, string.Create(CultureInfo.InvariantCulture,
                    $"Parcel lost: no scan for {LostAfter.TotalDays:0.#} days after the sorting hub; a claim has been opened."), hub));
                break;
            case SimulatedScenario.Delayed:
                var delayedAt = inTransit + (service.OutForDeliveryAfter - service.InTransitAfter) / 2;
                events.Add(new(TrackingStatus.Delayed, delayedAt, string.Create(CultureInfo.InvariantCulture,
                    $"Delayed at the sorting hub (severe weather); new delivery estimate {DeliveredAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC."), hub));
                AddDelivery(events, service);
                break;
            default:
                AddDelivery(events, service);
                break;
        }

        return events;
    }

    /// <summary>When the parcel is delivered (the delay included): the carrier's promise once the delay is known.</summary>
    public DateTimeOffset DeliveredAt => PickupAt + SimulatedService.Find(Service)!.DeliveredAfter + (Scenario == SimulatedScenario.Delayed ? DelayBy : TimeSpan.Zero);

    /// <summary>When the parcel would be delivered on the service's normal timeline.</summary>
    public DateTimeOffset ScheduledDeliveryAt => PickupAt + SimulatedService.Find(Service)!.DeliveredAfter;

    private void AddDelivery(List<CarrierTrackingEvent> events, SimulatedService service)
    {
        var delay = Scenario == SimulatedScenario.Delayed ? DelayBy : TimeSpan.Zero;
        events.Add(new(TrackingStatus.OutForDelivery, PickupAt + service.OutForDeliveryAfter + delay, "Out for delivery.", Destination));
        events.Add(new(TrackingStatus.Delivered, DeliveredAt, "Delivered.", Destination));
        if (Scenario == SimulatedScenario.Damaged)
        {
            events.Add(new(TrackingStatus.Damaged, DeliveredAt, "Delivered with damage: the parcel was damaged in transit; the recipient reported it on delivery.", Destination));
        }
    }
}
