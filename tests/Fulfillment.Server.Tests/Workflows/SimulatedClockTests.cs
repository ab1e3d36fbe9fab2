using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fulfillment.Server.Identity;
using Fulfillment.Server.Tests.Infrastructure;

namespace Fulfillment.Server.Tests.Workflows;

/// <summary><c>POST /api/simulation/advance</c> on a server with <c>Fulfillment__Clock=Simulated</c>.</summary>
public sealed class SimulatedClockTests : IAsyncLifetime
{
    private const string DelayWorkflow = """
        {
          "schemaVersion": 1, "id": "three-day-delay", "name": "Three day delay",
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "wait", "type": "Delay", "inputs": { "duration": "P3D" } },
            { "id": "then", "type": "SetVariable", "inputs": { "name": "waited", "value": true } }
          ],
          "connections": [ { "from": "start", "to": "wait" }, { "from": "wait", "to": "then" } ]
        }
        """;

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("fulfillment-sim-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_dataDirectory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Advancing_fires_due_timers_and_a_restart_in_between_loses_nothing()
    {
        string id;
        await using (var first = Simulated())
        {
            using var admin = await first.CreateClientForAsync(DemoUsers.AdminEmail);
            (await admin.PutAsync("/api/workflows/three-day-delay", new StringContent(DelayWorkflow, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
            (await admin.PostAsync("/api/workflows/three-day-delay/publish", null)).EnsureSuccessStatusCode();
            using var started = await admin.PostAsJsonAsync("/api/workflows/three-day-delay/instances", new { });
            id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

            var early = await Advance(admin, "P2D");
            early.GetProperty("timersFired").GetInt32().ShouldBe(0);
            (await Status(admin, id)).ShouldBe("Suspended");
        }

        await using var second = Simulated();
        using var again = await second.CreateClientForAsync(DemoUsers.AdminEmail);
        (await Status(again, id)).ShouldBe("Suspended");

        var due = await Advance(again, "P1DT1M");

        due.GetProperty("timersFired").GetInt32().ShouldBe(1);
        (await Status(again, id)).ShouldBe("Completed");
        (await Advance(again, "P30D")).GetProperty("timersFired").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task A_bad_duration_is_a_400_naming_the_field()
    {
        await using var server = Simulated();
        using var admin = await server.CreateClientForAsync(DemoUsers.AdminEmail);

        using var response = await admin.PostAsJsonAsync("/api/simulation/advance", new { by = "three days" });

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("path").GetString().ShouldBe("by");
    }

    [Fact]
    public async Task Without_the_simulated_clock_the_path_is_404()
    {
        await using var server = new FulfillmentServerFactory();
        using var admin = await server.CreateClientForAsync(DemoUsers.AdminEmail);

        using var response = await admin.PostAsJsonAsync("/api/simulation/advance", new { by = "P1D" });

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    private FulfillmentServerFactory Simulated()
    {
        var factory = FulfillmentServerFactory.OnDataDirectory(_dataDirectory);
        factory.Settings["Fulfillment:Clock"] = "Simulated";
        return factory;
    }

    private static async Task<JsonElement> Advance(HttpClient client, string by)
    {
        using var response = await client.PostAsJsonAsync("/api/simulation/advance", new { by });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<string?> Status(HttpClient client, string id) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/instances/{id}")).GetProperty("status").GetString();
}
