using Fulfillment.Operations.Carriers;
using Fulfillment.Operations.Carriers.Simulated;
using Fulfillment.Operations.Tests.Documents;
using Microsoft.Extensions.Options;

namespace Fulfillment.Operations.Tests.Carriers;

internal static class CarrierSamples
{
    /// <summary>Monday 2 March 2026, 09:00 UTC.</summary>
    public static DateTimeOffset Start { get; } = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public static ShipmentRequest Shipment(string orderNumber = "A-1001", int sequence = 1, decimal weightKg = 2.5m) =>
        new(orderNumber, sequence, Samples.Warehouse, Samples.Customer, new Parcel(weightKg), ShippingMethod.Express);

    public static BookingRequest Booking(string service = "express", string? scenario = null, ShipmentRequest? shipment = null, DateTimeOffset? readyAt = null) =>
        new(shipment ?? Shipment(), service, new PickupRequest(readyAt ?? Start),
            scenario is null ? null : new Dictionary<string, string> { [SimulatedCarrier.ScenarioOption] = scenario });

    public static SimulatedCarrier Carrier(Action<SimulatedCarrierOptions>? configure = null)
    {
        var options = new SimulatedCarrierOptions();
        configure?.Invoke(options);
        return new SimulatedCarrier(Options.Create(options));
    }
}
