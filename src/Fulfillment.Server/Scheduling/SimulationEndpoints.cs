using System.Xml;
using Fulfillment.Server.Workflows;
using Fulfillment.Workflows;
using Fulfillment.Workflows.EntityFrameworkCore;
using Fulfillment.Workflows.Runtime;

namespace Fulfillment.Server.Scheduling;

public sealed record AdvanceClockRequest(string? By);

public sealed record AdvanceClockResponse(DateTimeOffset Now, int TimersFired, int MessagesDispatched);

public static class SimulationEndpoints
{
    private static readonly SemaphoreSlim OneAdvanceAtATime = new(1, 1);

    /// <summary>
    /// The clock stands still at every simulation step interval (30 minutes by default) on its way, so
    /// one call's work grows with its duration: a year is some 17,500 stops, a thousand years would hold
    /// the server (and every other advance) for hours.
    /// </summary>
    private static readonly TimeSpan MaxAdvance = TimeSpan.FromDays(366);

    /// <summary>
    /// <c>POST /api/simulation/advance</c>: moves the simulated clock and runs everything that came
    /// due on the way, in due order. 404 unless the server runs with <c>Fulfillment__Clock=Simulated</c>.
    /// </summary>
    public static RouteGroupBuilder MapSimulationEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/simulation/advance", async (
                AdvanceClockRequest request,
                IServiceProvider services,
                WorkflowRuntime runtime,
                OutboxDispatcher outbox,
                CancellationToken ct) =>
            {
                if (!SchedulingServiceCollectionExtensions.IsSimulated(services))
                {
                    return Results.Problem(statusCode: StatusCodes.Status404NotFound,
                        detail: "The simulation API exists only when the server runs with Fulfillment__Clock=Simulated.");
                }

                if (request.By is null || !DurationJsonConverter.TryParse(request.By, out var by) || by < TimeSpan.Zero)
                {
                    return ApiProblems.BadRequest("by", "Give a non-negative ISO 8601 duration, e.g. \"P3D\" or \"PT4H\".");
                }

                if (by > MaxAdvance)
                {
                    return ApiProblems.BadRequest("by", $"Advance at most {XmlConvert.ToString(MaxAdvance)} at a time; call again to go further.");
                }

                var clock = services.GetRequiredService<SimulatedClock>();
                await OneAdvanceAtATime.WaitAsync(ct);
                try
                {
                    var start = clock.GetUtcNow();
                    if (by > DateTimeOffset.MaxValue - start)
                    {
                        return ApiProblems.BadRequest("by", $"The clock cannot move past {DateTimeOffset.MaxValue:O}; give a shorter duration.");
                    }

                    var target = start + by;
                    var fired = 0;
                    var steps = services.GetServices<ISimulationStep>().ToList();
                    foreach (var stop in Stops(start, target, steps))
                    {
                        fired += await runtime.FireDueTimersAsync(stop, clock.MoveTo, ct);
                        clock.MoveTo(stop);
                        foreach (var step in steps)
                        {
                            await step.RunAsync(ct);
                        }
                    }

                    // Messages are sent by Hangfire workers as they commit, and by this drain; return
                    // only when both are done, so the caller sees every e-mail that came due.
                    await outbox.DispatchDueAsync(ct);
                    await outbox.WaitForInFlightAsync(TimeSpan.FromSeconds(30), ct);
                    var dispatched = await outbox.CountDispatchedAfterAsync(start, ct);
                    return Results.Ok(new AdvanceClockResponse(clock.GetUtcNow(), fired, dispatched));
                }
                finally
                {
                    OneAdvanceAtATime.Release();
                }
            })
            .WithTags("Simulation")
            .WithSummary("Moves the simulated clock by `by` (ISO 8601) and runs timers, reminders, carrier tracking and the outbox that came due.");
        return api;
    }

    /// <summary>Where the clock stands still on its way: every step interval (the shortest one), and the target.</summary>
    private static IEnumerable<DateTimeOffset> Stops(DateTimeOffset start, DateTimeOffset target, List<ISimulationStep> steps)
    {
        if (steps.Count > 0 && steps.Min(s => s.Interval) is var interval && interval > TimeSpan.Zero)
        {
            for (var stop = start + interval; stop < target; stop += interval)
            {
                yield return stop;
            }
        }

        yield return target;
    }
}
