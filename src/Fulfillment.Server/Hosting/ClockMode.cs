namespace Fulfillment.Server.Hosting;

/// <summary>
/// The time source of the server. An enum rather than a free string so that a typo in
/// <c>Fulfillment__Clock</c> fails at start-up instead of silently running on the system clock.
/// </summary>
public enum ClockMode
{
    /// <summary>Wall-clock time (<see cref="TimeProvider.System"/>).</summary>
    System,

    /// <summary>A clock that only moves when told to, via the simulation API.</summary>
    Simulated,
}
