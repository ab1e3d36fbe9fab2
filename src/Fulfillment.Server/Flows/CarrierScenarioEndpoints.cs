using Fulfillment.Operations.Shipping;
using Fulfillment.Server.Identity;
using Fulfillment.Server.Scheduling;
using Fulfillment.Server.Workflows;

namespace Fulfillment.Server.Flows;

public sealed record CarrierScenarioRequest(string? OrderNumber, string? Scenario);

public static class CarrierScenarioEndpoints
{
    /// <summary>
    /// <c>POST /api/simulation/carrier-scenarios {orderNumber, scenario}</c> (Admin, simulated clock only):
    /// how the simulated carrier treats the order's parcels booked from now on: Normal, Delayed, Damaged or Lost.
    /// </summary>
    public static RouteGroupBuilder MapCarrierScenarioEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/simulation/carrier-scenarios", async (CarrierScenarioRequest request, IServiceProvider services, CarrierScenarios scenarios, CancellationToken ct) =>
            {
                if (!SchedulingServiceCollectionExtensions.IsSimulated(services))
                {
                    return Results.Problem(statusCode: StatusCodes.Status404NotFound,
                        detail: "The simulation API exists only when the server runs with Fulfillment__Clock=Simulated.");
                }

                if (string.IsNullOrWhiteSpace(request.OrderNumber))
                {
                    return ApiProblems.BadRequest("orderNumber", "The order number is required.");
                }

                if (CarrierScenarios.Normalize(request.Scenario) is not { } scenario)
                {
                    return ApiProblems.BadRequest("scenario", $"'{request.Scenario}' is not one of {string.Join(", ", CarrierScenarios.Names)}.");
                }

                return await scenarios.SetAsync(request.OrderNumber, scenario, ct)
                    ? Results.Ok(new { orderNumber = request.OrderNumber.Trim(), scenario })
                    : Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"Order '{request.OrderNumber}' was not found.");
            })
            .RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .WithTags("Simulation")
            .WithSummary("Chooses how the simulated carrier treats an order's next parcels: Normal, Delayed, Damaged or Lost.");
        return api;
    }
}
