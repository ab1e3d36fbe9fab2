namespace Fulfillment.Server.Hosting;

/// <summary>
/// Server settings bound from the <c>Fulfillment</c> configuration section
/// (environment variables use a double underscore, e.g. <c>Fulfillment__DataDirectory</c>).
/// Read them through <see cref="Microsoft.Extensions.Options.IOptions{TOptions}"/>; for file locations
/// use the resolved <see cref="FulfillmentPaths"/> instead of <see cref="DataDirectory"/>.
/// </summary>
public sealed class FulfillmentServerOptions
{
    public const string SectionName = "Fulfillment";

    /// <summary>Where all state lives. Relative paths are resolved against the current directory.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Seed demo users (and later demo data). <c>null</c> means "on unless Production".</summary>
    public bool? DemoData { get; set; }

    /// <summary>Which clock drives the server; <see cref="ClockMode.Simulated"/> enables the simulation API.</summary>
    public ClockMode Clock { get; set; } = ClockMode.System;

    /// <summary>Applies the documented default: demo data is on everywhere except in Production.</summary>
    public bool IsDemoDataEnabled(IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return DemoData ?? !environment.IsProduction();
    }
}
