namespace Fulfillment.Server.Scheduling;

/// <summary>
/// Work that must happen as simulated time passes, not only at the end of an advance (e.g. the carrier
/// tracking poll). <c>POST /api/simulation/advance</c> stops the clock every <see cref="Interval"/> on
/// the way, fires the timers due by then, and runs the step with the clock standing there.
/// </summary>
public interface ISimulationStep
{
    TimeSpan Interval { get; }

    Task RunAsync(CancellationToken cancellationToken);
}
