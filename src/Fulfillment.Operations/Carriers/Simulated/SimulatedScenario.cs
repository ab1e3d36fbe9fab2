using System.Text.Json.Serialization;

namespace Fulfillment.Operations.Carriers.Simulated;

/// <summary>How a simulated shipment goes, for exercising a workflow's unhappy paths.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SimulatedScenario>))]
public enum SimulatedScenario
{
    /// <summary>Label created → picked up → in transit → out for delivery → delivered, on the service's timeline.</summary>
    Normal,

    /// <summary>A delay event while in transit; delivery comes <see cref="SimulatedCarrierOptions.DelayBy"/> later.</summary>
    Delayed,

    /// <summary>Delivered on time, with a damage exception at delivery.</summary>
    Damaged,

    /// <summary>No scan after "in transit"; declared lost <see cref="SimulatedCarrierOptions.LostAfter"/> later.</summary>
    Lost,
}
