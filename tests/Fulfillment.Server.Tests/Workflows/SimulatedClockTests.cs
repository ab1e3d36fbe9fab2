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
    public async Task Delay_three_days_then_send_email_sends_one_email_after_advancing_across_a_restart()
    {
        const string reminder = """
            {
              "schemaVersion": 1, "id": "remind-later", "name": "Remind later",
              "variables": [ { "name": "customer" } ],
              "activities": [
                { "id": "start", "type": "Start" },
                { "id": "wait", "type": "Delay", "inputs": { "duration": "P3D" } },
                { "id": "mail", "type": "SendEmail", "inputs": {
                    "to": { "expr": "customer.email" }, "template": "generic",
                    "model": { "expr": "({ subject: 'Your order', body: 'Hello ' + customer.name })" } } }
              ],
              "connections": [ { "from": "start", "to": "wait" }, { "from": "wait", "to": "mail" } ]
            }
            """;
        var mail = Path.Combine(_dataDirectory, "mail");
        await using (var first = Simulated())
        {
            using var admin = await first.CreateClientForAsync(DemoUsers.AdminEmail);
            (await admin.PutAsync("/api/workflows/remind-later", new StringContent(reminder, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
            (await admin.PostAsync("/api/workflows/remind-later/publish", null)).EnsureSuccessStatusCode();
            (await admin.PostAsJsonAsync("/api/workflows/remind-later/instances", new { input = new { customer = new { name = "Ada", email = "ada@example.com" } } })).EnsureSuccessStatusCode();
            await Advance(admin, "P1D");
        }

        Directory.EnumerateFiles(mail, "*.eml").ShouldBeEmpty();
        await using var second = Simulated();
        using var again = await second.CreateClientForAsync(DemoUsers.AdminEmail);

        var result = await Advance(again, "P2D");

        result.GetProperty("timersFired").GetInt32().ShouldBe(1);
        result.GetProperty("messagesDispatched").GetInt32().ShouldBe(1);
        var email = Directory.EnumerateFiles(mail, "*.eml").ShouldHaveSingleItem();
        var text = await File.ReadAllTextAsync(email);
        text.ShouldContain("To: ada@example.com");
        text.ShouldContain("Hello Ada");
        (await Advance(again, "P10D")).GetProperty("messagesDispatched").GetInt32().ShouldBe(0);
        Directory.EnumerateFiles(mail, "*.eml").Count().ShouldBe(1);
    }

    [Fact]
    public async Task A_bad_duration_is_a_400_naming_the_field()
    {
        await using var server = Simulated();
        using var admin = await server.CreateClientForAsync(DemoUsers.AdminEmail);

        using var response = await admin.PostAsJsonAsync("/api/simulation/advance", new { by = "three days" });

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("path").GetString().ShouldBe("by");
    }

    // Found by the fuzzer: "P10675200D" (beyond TimeSpan) was a 500, and "P1000Y" held the server for
    // hours walking the clock in poll-interval steps.
    [Theory]
    [InlineData("P10675200D")]
    [InlineData("P99999999Y")]
    [InlineData("P1000Y")]
    [InlineData("P367D")]
    public async Task A_duration_beyond_a_year_is_a_400_naming_the_field(string by)
    {
        await using var server = Simulated();
        using var admin = await server.CreateClientForAsync(DemoUsers.AdminEmail);

        using var response = await admin.PostAsJsonAsync("/api/simulation/advance", new { by });

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
