using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Fulfillment.Fuzz.Tests.Infrastructure;
using Fulfillment.Server.Identity;
using Xunit.Abstractions;

namespace Fulfillment.Fuzz.Tests.Api;

/// <summary>A fuzz server whose clock only moves through <c>POST /api/simulation/advance</c>.</summary>
public sealed class SimulatedFuzzServer : FuzzServer
{
    public SimulatedFuzzServer()
    {
        Settings["Fulfillment:Clock"] = "Simulated";

        // An advance stops at every poll interval (30 minutes by default, 17,500 stops a year); daily
        // stops keep the year-long advances this test sends cheap without changing what it checks.
        Settings["Fulfillment:Operations:Shipping:PollInterval"] = "1.00:00:00";
    }
}

/// <summary>
/// <c>POST /api/simulation/advance</c> with random durations, from nothing to beyond the calendar,
/// interleaved with instances that start timers of random durations: the clock only moves forward,
/// a duration it cannot take (negative, malformed, beyond a year per call) is a 400 at <c>by</c>, and nothing is a 5xx.
/// </summary>
public sealed class SimulationFuzzTests(SimulatedFuzzServer server, ITestOutputHelper output) : IClassFixture<SimulatedFuzzServer>
{
    private const string DelayWorkflow = """
        {
          "schemaVersion": 1, "id": "fuzz-delay", "name": "Delay by input",
          "variables": [ { "name": "wait", "default": "PT1H" } ],
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "wait", "type": "Delay", "inputs": { "duration": { "expr": "wait" } } },
            { "id": "done", "type": "End" }
          ],
          "connections": [ { "from": "start", "to": "wait" }, { "from": "wait", "to": "done" } ]
        }
        """;

    private static readonly string[] Durations =
    [
        "PT0S", "PT1S", "PT1H", "P1D", "P3D", "P30D", "P1Y", "P10Y", "P1000Y", "P2914635D", "P10675199D", "P10675200D", "P99999999Y",
        "-P1D", "-PT0S", "P", "PT", "P1.5D", "PT1.5S", "P1W", "1.00:00:00", "10675199.02:48:05.4775807", "-10675199.02:48:05.4775808", "00:00:00.0000001",
        "3 days", "", " ", "P1DT", "PT-1H",
    ];

    [Fact]
    public async Task Random_advances_only_move_the_clock_forward_or_are_refused_at_by()
    {
        using var admin = await server.CreateClientForAsync(DemoUsers.AdminEmail);
        (await admin.PutAsync("/api/workflows/fuzz-delay", new StringContent(DelayWorkflow, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        (await admin.PostAsync("/api/workflows/fuzz-delay/publish", null)).EnsureSuccessStatusCode();
        DateTimeOffset? now = null;

        await new FuzzRun(nameof(Random_advances_only_move_the_clock_forward_or_are_refused_at_by), FuzzSettings.For(defaultSeed: 11_000, defaultIterations: 150), output)
            .RunAsync(async fuzzCase =>
            {
                var random = fuzzCase.Random;
                var by = Durations[random.Next(Durations.Length)];
                if (random.Next(3) == 0)
                {
                    var wait = Durations[random.Next(Durations.Length)];
                    await admin.SendAsync(fuzzCase, FuzzRequest.Json(HttpMethod.Post, "/api/workflows/fuzz-delay/instances",
                        new JsonObject { ["input"] = new JsonObject { ["wait"] = wait } }.ToJsonString()) with { Route = "/api/workflows/{id}/instances" }, server.Errors);
                }

                var template = new JsonObject { ["by"] = by };
                var response = await admin.SendAsync(fuzzCase,
                    RequestMutator.JsonBody(fuzzCase, HttpMethod.Post, "/api/simulation/advance", "/api/simulation/advance", template, mutatePercent: 25), server.Errors);
                if (!response.IsSuccess)
                {
                    return;
                }

                var after = DateTimeOffset.Parse(response.Root.GetProperty("now").GetString()!, CultureInfo.InvariantCulture);
                if (now is { } before && after < before)
                {
                    throw new FuzzInvariantException("the simulated clock went back", $"from {before:O} to {after:O} by {by}");
                }

                now = after;
            });

        (await server.CreateClient().GetAsync("/health")).EnsureSuccessStatusCode();
    }
}
