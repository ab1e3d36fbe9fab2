using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fulfillment.Server.Identity;
using Fulfillment.Server.Tests.Infrastructure;

namespace Fulfillment.Server.Tests.Workflows;

/// <summary><c>POST /api/instances/{id}/migrate</c>: preview, apply, refuse with reasons, and who may.</summary>
public sealed class InstanceMigrationApiTests(FulfillmentServerFactory server) : IClassFixture<FulfillmentServerFactory>
{
    private static string Flow(string id, string waitId, string marker) => $$"""
        {
          "schemaVersion": 1, "id": "{{id}}", "name": "Migration API",
          "variables": [ { "name": "path" } ],
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "{{waitId}}", "type": "WaitForEvent", "name": "Wait for the parcel", "inputs": { "key": { "expr": "'parcel:' + input.n" } } },
            { "id": "mark", "type": "SetVariable", "inputs": { "name": "path", "value": "{{marker}}" } }
          ],
          "connections": [ { "from": "start", "to": "{{waitId}}" }, { "from": "{{waitId}}", "to": "mark" } ]
        }
        """;

    [Fact]
    public async Task An_operator_previews_then_migrates_and_the_instance_continues_in_the_new_version()
    {
        using var admin = await server.CreateClientForAsync(DemoUsers.AdminEmail);
        await PublishAsync(admin, Flow("migrate-ok", "wait", "v1"));
        var id = await StartAsync(admin, "migrate-ok", "m-1");
        await PublishAsync(admin, Flow("migrate-ok", "wait", "v2"));

        using var preview = await admin.PostAsJsonAsync($"/api/instances/{id}/migrate", new { targetVersion = 2, dryRun = true });
        preview.StatusCode.ShouldBe(HttpStatusCode.OK);
        var plan = await preview.Content.ReadFromJsonAsync<JsonElement>();
        plan.GetProperty("canMigrate").GetBoolean().ShouldBeTrue();
        plan.GetProperty("applied").GetBoolean().ShouldBeFalse();
        var landing = plan.GetProperty("landings").EnumerateArray().ShouldHaveSingleItem();
        landing.GetProperty("activityId").GetString().ShouldBe("wait");
        landing.GetProperty("targetName").GetString().ShouldBe("Wait for the parcel");
        (await admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}")).GetProperty("version").GetInt32().ShouldBe(1);

        using var applied = await admin.PostAsJsonAsync($"/api/instances/{id}/migrate", new { targetVersion = 2 });
        applied.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await applied.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("applied").GetBoolean().ShouldBeTrue();
        await admin.PostAsJsonAsync("/api/events", new { key = "parcel:m-1" });

        var details = await admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}");
        details.GetProperty("version").GetInt32().ShouldBe(2);
        details.GetProperty("variables").GetProperty("path").GetString().ShouldBe("v2");
        var migrated = details.GetProperty("journal").EnumerateArray().Single(j => j.GetProperty("kind").GetString() == "InstanceMigrated");
        migrated.GetProperty("actor").GetString().ShouldBe(DemoUsers.AdminEmail);
    }

    [Fact]
    public async Task A_wait_without_a_place_in_the_target_is_a_409_with_the_reasons_and_the_preview_shows_them()
    {
        using var admin = await server.CreateClientForAsync(DemoUsers.AdminEmail);
        await PublishAsync(admin, Flow("migrate-refused", "wait", "v1"));
        var id = await StartAsync(admin, "migrate-refused", "m-2");
        await PublishAsync(admin, Flow("migrate-refused", "await-parcel", "v2"));

        using var preview = await admin.PostAsJsonAsync($"/api/instances/{id}/migrate", new { targetVersion = 2, dryRun = true });
        var plan = await preview.Content.ReadFromJsonAsync<JsonElement>();
        plan.GetProperty("canMigrate").GetBoolean().ShouldBeFalse();
        var reason = "'Wait for the parcel' (wait) waits, but version 2 has no activity 'wait'.";
        plan.GetProperty("problems").EnumerateArray().Select(p => p.GetString()).ShouldBe([reason]);

        var refused = await (await admin.PostAsJsonAsync($"/api/instances/{id}/migrate", new { targetVersion = 2 })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        refused.GetProperty("problems").EnumerateArray().Select(p => p.GetString()).ShouldBe([reason]);
        (await admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}")).GetProperty("version").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task Bad_targets_are_400s_naming_targetVersion_and_only_operators_may_migrate()
    {
        using var admin = await server.CreateClientForAsync(DemoUsers.AdminEmail);
        await PublishAsync(admin, Flow("migrate-bad", "wait", "v1"));
        var id = await StartAsync(admin, "migrate-bad", "m-3");

        var missing = await (await admin.PostAsJsonAsync($"/api/instances/{id}/migrate", new { dryRun = true })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        missing.GetProperty("path").GetString().ShouldBe("targetVersion");
        var unpublished = await (await admin.PostAsJsonAsync($"/api/instances/{id}/migrate", new { targetVersion = 9 })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        unpublished.GetProperty("path").GetString().ShouldBe("targetVersion");
        unpublished.GetProperty("detail").GetString()!.ShouldContain("no published version 9");
        await (await admin.PostAsJsonAsync("/api/instances/nope/migrate", new { targetVersion = 1 })).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        using var staff = await server.CreateClientForAsync(DemoUsers.EmailFor(Roles.WarehouseStaff));
        await (await staff.PostAsJsonAsync($"/api/instances/{id}/migrate", new { targetVersion = 1, dryRun = true })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    private static async Task PublishAsync(HttpClient admin, string json)
    {
        var id = JsonDocument.Parse(json).RootElement.GetProperty("id").GetString();
        (await admin.PutAsync($"/api/workflows/{id}", new StringContent(json, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        (await admin.PostAsync($"/api/workflows/{id}/publish", null)).EnsureSuccessStatusCode();
    }

    private static async Task<string> StartAsync(HttpClient admin, string workflowId, string n)
    {
        using var started = await admin.PostAsJsonAsync($"/api/workflows/{workflowId}/instances", new { input = new { n } });
        started.EnsureSuccessStatusCode();
        return (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}
