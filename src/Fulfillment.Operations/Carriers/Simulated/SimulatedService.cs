namespace Fulfillment.Operations.Carriers.Simulated;

/// <summary>
/// A service of the simulated carrier: its price (base + per kilogram) and its timeline, measured
/// from pickup, of the moments the parcel goes in transit, out for delivery, and is delivered.
/// </summary>
internal sealed record SimulatedService(
    ShippingMethod Method,
    string Name,
    decimal BasePrice,
    decimal PricePerKg,
    TimeSpan InTransitAfter,
    TimeSpan OutForDeliveryAfter,
    TimeSpan DeliveredAfter)
{
    public static IReadOnlyList<SimulatedService> All { get; } =
    [
        new(ShippingMethod.Standard, "Standard", 4.50m, 0.90m, TimeSpan.FromHours(4), TimeSpan.FromDays(3), TimeSpan.FromDays(3) + TimeSpan.FromHours(6)),
        new(ShippingMethod.Express, "Express", 11.00m, 1.60m, TimeSpan.FromHours(2), TimeSpan.FromDays(1), TimeSpan.FromDays(1) + TimeSpan.FromHours(4)),
        new(ShippingMethod.SameDay, "Same-day", 19.00m, 2.50m, TimeSpan.FromHours(1), TimeSpan.FromHours(3), TimeSpan.FromHours(5)),
    ];

    /// <summary>"standard", "express", "same-day": the order's shipping method codes.</summary>
    public string Code => Method.ToCode();

    public static SimulatedService? Find(string code) => All.FirstOrDefault(s => string.Equals(s.Code, code, StringComparison.OrdinalIgnoreCase));
}
