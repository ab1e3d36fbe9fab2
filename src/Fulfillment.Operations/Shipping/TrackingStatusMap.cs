using System.Text;
using Fulfillment.Operations.Carriers;
using Fulfillment.Operations.Model;

namespace Fulfillment.Operations.Shipping;

/// <summary>Carriers' normalised tracking (<see cref="TrackingStatus"/>) as our shipments keep it.</summary>
public static class TrackingStatusMap
{
    public static ShipmentStatus ToShipmentStatus(TrackingStatus status) => status switch
    {
        TrackingStatus.LabelCreated => ShipmentStatus.Booked,
        TrackingStatus.PickedUp => ShipmentStatus.PickedUp,
        TrackingStatus.InTransit => ShipmentStatus.InTransit,
        TrackingStatus.Delayed => ShipmentStatus.Delayed,
        TrackingStatus.OutForDelivery => ShipmentStatus.OutForDelivery,
        TrackingStatus.Delivered => ShipmentStatus.Delivered,
        TrackingStatus.Damaged => ShipmentStatus.Damaged,
        TrackingStatus.Lost => ShipmentStatus.Lost,
        _ => ShipmentStatus.Cancelled,
    };

    /// <summary>The scan code stored with the event: the status in upper snake case, e.g. <c>OUT_FOR_DELIVERY</c>.</summary>
    public static string Code(TrackingStatus status)
    {
        var name = status.ToString();
        var code = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                code.Append('_');
            }

            code.Append(char.ToUpperInvariant(name[i]));
        }

        return code.ToString();
    }

    public static TrackingUpdate ToUpdate(string carrierCode, TrackingResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new TrackingUpdate(carrierCode, result.TrackingNumber, ToShipmentStatus(result.Status),
            [.. result.Events.Select(ToScan)], result.EstimatedDelivery);
    }

    public static CarrierScan ToScan(CarrierTrackingEvent trackingEvent)
    {
        ArgumentNullException.ThrowIfNull(trackingEvent);
        return new CarrierScan(Code(trackingEvent.Status), trackingEvent.Description, trackingEvent.OccurredAt, trackingEvent.Location, ToShipmentStatus(trackingEvent.Status));
    }
}
