using System.Text.Json.Serialization;

namespace Fulfillment.Operations.Carriers;

/// <summary>Where a parcel is, normalised across carriers.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TrackingStatus>))]
public enum TrackingStatus
{
    LabelCreated,
    PickedUp,
    InTransit,

    /// <summary>Held up; a later event says it moves again.</summary>
    Delayed,
    OutForDelivery,
    Delivered,

    /// <summary>Delivered, but damaged: an exception that needs customer service.</summary>
    Damaged,

    /// <summary>The carrier has given the parcel up as lost.</summary>
    Lost,
    Cancelled,
}

public static class TrackingStatuses
{
    /// <summary>Whether nothing more will happen to the parcel (delivered, damaged, lost or cancelled).</summary>
    public static bool IsFinal(this TrackingStatus status) =>
        status is TrackingStatus.Delivered or TrackingStatus.Damaged or TrackingStatus.Lost or TrackingStatus.Cancelled;
}

/// <summary>One scan or exception in a parcel's history.</summary>
public sealed record CarrierTrackingEvent(TrackingStatus Status, DateTimeOffset OccurredAt, string Description, string? Location = null);

/// <summary>
/// A parcel's history up to the moment asked about, oldest first; <see cref="Status"/> is the latest
/// event's. <see cref="EstimatedDelivery"/> is the carrier's current promise (none once final).
/// </summary>
public sealed record TrackingResult(
    string TrackingNumber,
    TrackingStatus Status,
    IReadOnlyList<CarrierTrackingEvent> Events,
    DateTimeOffset? EstimatedDelivery)
{
    public bool IsFinal => Status.IsFinal();
}

/// <summary>
/// One tracking event as a carrier posts it to our webhook, normalised; the same shape whatever the
/// carrier, so the endpoint can resume the workflow waiting on <c>shipment:{trackingNumber}</c>.
/// </summary>
public sealed record CarrierTrackingUpdate(string TrackingNumber, TrackingStatus Status, DateTimeOffset OccurredAt, string Description)
{
    public static CarrierTrackingUpdate From(string trackingNumber, CarrierTrackingEvent trackingEvent)
    {
        ArgumentNullException.ThrowIfNull(trackingEvent);
        return new CarrierTrackingUpdate(trackingNumber, trackingEvent.Status, trackingEvent.OccurredAt, trackingEvent.Description);
    }
}
