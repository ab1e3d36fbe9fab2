using Fulfillment.Operations.Carriers;
using Fulfillment.Operations.Tests.Documents;

namespace Fulfillment.Operations.Tests.Labels;

internal static class LabelSamples
{
    public static LabelData Label(string trackingNumber = "SIM100200300405") => new(
        "Simulated Carrier",
        "Express",
        trackingNumber,
        $"https://track.fulfillment.local/sim/{trackingNumber}",
        Samples.Warehouse,
        Samples.Customer,
        2.5m,
        new DateOnly(2026, 3, 2),
        "A-1001",
        SortCode: "IL 627");
}
