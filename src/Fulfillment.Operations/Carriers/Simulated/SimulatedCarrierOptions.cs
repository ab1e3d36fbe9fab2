using Microsoft.Extensions.Options;

namespace Fulfillment.Operations.Carriers.Simulated;

/// <summary>
/// Settings of the <see cref="SimulatedCarrier"/> (configuration section
/// <c>Fulfillment:Carriers:Simulated</c>). They apply when a shipment is booked: the booking's
/// carrier data keeps the values it was booked with, so changing them never rewrites the history
/// of parcels already on their way.
/// </summary>
public sealed class SimulatedCarrierOptions
{
    public const string SectionName = "Fulfillment:Carriers:Simulated";

    /// <summary>The scenario of bookings whose request names none and whose order has no entry below.</summary>
    public SimulatedScenario DefaultScenario { get; set; } = SimulatedScenario.Normal;

    /// <summary>Scenarios for particular orders (by order number), e.g. to make order D-1002 go missing in a demo.</summary>
    public Dictionary<string, SimulatedScenario> ScenariosByOrderNumber { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How much later a <see cref="SimulatedScenario.Delayed"/> parcel arrives.</summary>
    public TimeSpan DelayBy { get; set; } = TimeSpan.FromDays(2);

    /// <summary>How long a <see cref="SimulatedScenario.Lost"/> parcel stays "in transit" before it is declared lost.</summary>
    public TimeSpan LostAfter { get; set; } = TimeSpan.FromDays(5);

    /// <summary>How long after the parcel is ready (or after booking, if later) the driver collects it.</summary>
    public TimeSpan PickupLeadTime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Two to four capital letters in front of the digits of every tracking number.</summary>
    public string TrackingNumberPrefix { get; set; } = "SIM";

    /// <summary>The public tracking page; the tracking number is appended. Printed as the label's QR code.</summary>
    public string TrackingUrlBase { get; set; } = "https://track.fulfillment.local/simulated/";
}

internal sealed class SimulatedCarrierOptionsValidator : IValidateOptions<SimulatedCarrierOptions>
{
    public ValidateOptionsResult Validate(string? name, SimulatedCarrierOptions options)
    {
        var failures = new List<string>();
        if (options.DelayBy <= TimeSpan.Zero)
        {
            failures.Add($"{SimulatedCarrierOptions.SectionName}:DelayBy must be positive.");
        }

        if (options.LostAfter <= TimeSpan.Zero)
        {
            failures.Add($"{SimulatedCarrierOptions.SectionName}:LostAfter must be positive.");
        }

        if (options.PickupLeadTime < TimeSpan.Zero)
        {
            failures.Add($"{SimulatedCarrierOptions.SectionName}:PickupLeadTime cannot be negative.");
        }

        if (options.TrackingNumberPrefix is not { Length: >= 2 and <= 4 } prefix || !prefix.All(char.IsAsciiLetterUpper))
        {
            failures.Add($"{SimulatedCarrierOptions.SectionName}:TrackingNumberPrefix must be two to four capital letters.");
        }

        if (!Uri.TryCreate(options.TrackingUrlBase, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            failures.Add($"{SimulatedCarrierOptions.SectionName}:TrackingUrlBase must be an absolute http(s) URL.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
