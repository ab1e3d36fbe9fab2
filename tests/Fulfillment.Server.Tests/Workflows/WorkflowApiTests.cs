using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fulfillment.Server.Identity;
using Fulfillment.Server.Tests.Infrastructure;

namespace Fulfillment.Server.Tests.Workflows;

/// <summary>The workflow, instance and event API as an outside client uses it.</summary>
public sealed class WorkflowApiTests(FulfillmentServerFactory server) : IClassFixture<FulfillmentServerFactory>
{
    private const string HandWritten = """
        {
          // Written by hand, as the docs show.
          "schemaVersion": 1,
          "id": "hand-written",
          "name": "Hand written",
          "variables": [ { "name": "orderNumber" }, { "name": "answer" } ],
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "wait", "type": "WaitForEvent", "inputs": { "key": { "expr": "'answer:' + orderNumber" } }, "outputs": { "payload": "answer" } },
            { "id": "end", "type": "End", "inputs": { "output": { "expr": "answer.text" } } }
          ],
          "connections": [ { "from": "start", "to": "wait" }, { "from": "wait", "to": "end" } ]
        }
        """;

    [Fact]
    public async Task A_hand_written_workflow_is_saved_published_started_suspended_resumed_and_completed()
    {
        using var admin = await server.CreateClientForAsync(DemoUsers.AdminEmail);

        using var saved = await admin.PutAsync("/api/workflows/hand-written", Json(HandWritten));
        saved.StatusCode.ShouldBe(HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
        using var published = await admin.PostAsync("/api/workflows/hand-written/publish", null);
        (await published.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32().ShouldBe(1);

        using var started = await admin.PostAsJsonAsync("/api/workflows/hand-written/instances", new { input = new { orderNumber = "A-7" }, correlationId = "order:A-7" });
        started.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        started.Headers.Location!.ToString().ShouldBe($"/api/instances/{id}");

        var suspended = await admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}");
        suspended.GetProperty("status").GetString().ShouldBe("Suspended");
        suspended.GetProperty("bookmarks")[0].GetProperty("key").GetString().ShouldBe("answer:A-7");

        using var delivered = await admin.PostAsJsonAsync("/api/events", new { key = "answer:A-7", payload = new { text = "yes" } });
        (await delivered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("resumed").GetInt32().ShouldBe(1);

        var completed = await admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}");
        completed.GetProperty("status").GetString().ShouldBe("Completed");
        completed.GetProperty("version").GetInt32().ShouldBe(1);
        completed.GetProperty("workflowId").GetString().ShouldBe("hand-written");
        completed.GetProperty("variables").GetProperty("answer").GetProperty("text").GetString().ShouldBe("yes");
        completed.GetProperty("output").GetString().ShouldBe("yes");
        var kinds = completed.GetProperty("journal").EnumerateArray().Select(j => j.GetProperty("kind").GetString()).ToList();
        kinds.ShouldContain("ActivitySuspended");
        kinds.ShouldContain("ActivityResumed");
        kinds[^1].ShouldBe("InstanceCompleted");

        var byCorrelation = await admin.GetFromJsonAsync<JsonElement>("/api/instances?correlationId=order:A-7&status=Completed");
        byCorrelation.EnumerateArray().Select(i => i.GetProperty("id").GetString()).ShouldBe([id]);
    }

    [Fact]
    public async Task Every_api_path_but_login_needs_a_token()
    {
        using var anonymous = server.CreateClient();
        foreach (var path in new[] { "/api/workflows", "/api/activity-types", "/api/instances" })
        {
            using var response = await anonymous.GetAsync(path);
            await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        }

        using var events = await anonymous.PostAsJsonAsync("/api/events", new { key = "x" });
        await events.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_broken_definition_is_a_400_naming_the_json_path()
    {
        using var admin = await server.CreateClientForAsync(DemoUsers.AdminEmail);
        var broken = HandWritten.Replace("\"type\": \"Start\"", "\"type\": \"Start\", \"colour\": \"red\"", StringComparison.Ordinal);

        using var response = await admin.PutAsync("/api/workflows/hand-written", Json(broken));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("path").GetString().ShouldBe("$.activities[0].colour");
        problem.GetProperty("errors")[0].GetProperty("message").GetString()!.ShouldContain("colour");
    }

    [Fact]
    public async Task A_definition_with_validation_errors_saves_as_a_draft_but_cannot_be_published()
    {
        using var admin = await server.CreateClientForAsync(DemoUsers.AdminEmail);
        var invalid = HandWritten
            .Replace("hand-written", "invalid-draft", StringComparison.Ordinal)
            .Replace("{ \"from\": \"wait\", \"to\": \"end\" }", "{ \"from\": \"wait\", \"to\": \"nowhere\" }", StringComparison.Ordinal);

        using var validated = await admin.PostAsync("/api/workflows/validate", Json(invalid));
        var errors = (await validated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.EnumerateArray().Select(e => e.GetProperty("path").GetString()).ShouldContain("$.connections[1].to");

        using var saved = await admin.PutAsync("/api/workflows/invalid-draft", Json(invalid));
        saved.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetArrayLength().ShouldBeGreaterThan(0);

        using var published = await admin.PostAsync("/api/workflows/invalid-draft/publish", null);
        var problem = await published.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("path").GetString().ShouldNotBeNull();
    }

    // Found by the fuzzer: a duration given as a number of milliseconds beyond TimeSpan's range made
    // validation throw OverflowException, a 500.
    [Fact]
    public async Task A_duration_beyond_the_longest_is_a_validation_error_at_its_path()
    {
        using var admin = await server.CreateClientForAsync(DemoUsers.AdminEmail);
        var overlong = HandWritten.Replace(
            "{ \"id\": \"end\", \"type\": \"End\"",
            "{ \"id\": \"nap\", \"type\": \"Delay\", \"inputs\": { \"duration\": 1e300 } }, { \"id\": \"end\", \"type\": \"End\"",
            StringComparison.Ordinal);

        using var validated = await admin.PostAsync("/api/workflows/validate", Json(overlong));

        validated.StatusCode.ShouldBe(HttpStatusCode.OK);
        var errors = (await validated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.EnumerateArray().Select(e => e.GetProperty("path").GetString()).ShouldContain("$.activities[2].inputs.duration");
    }

    // Found by the fuzzer: a draft whose input nested objects 60 levels deep was saved, but reading it
    // back inside the { "definition": … } envelope went past the JSON depth limit, a 500.
    [Theory]
    [InlineData(40, HttpStatusCode.OK)]
    [InlineData(60, HttpStatusCode.BadRequest)]
    public async Task A_saved_draft_always_reads_back_and_one_nested_too_deep_is_refused_with_its_path(int depth, HttpStatusCode expected)
    {
        using var admin = await server.CreateClientForAsync(DemoUsers.AdminEmail);
        var nested = string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
        var deep = HandWritten
            .Replace("hand-written", $"deep-{depth}", StringComparison.Ordinal)
            .Replace("{ \"output\": { \"expr\": \"answer.text\" } }", $"{{ \"output\": {nested} }}", StringComparison.Ordinal);

        using var saved = await admin.PutAsync($"/api/workflows/deep-{depth}", Json(deep));

        if (expected == HttpStatusCode.BadRequest)
        {
            (await saved.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("path").GetString()!.ShouldStartWith("$.activities[2].inputs");
            return;
        }

        saved.StatusCode.ShouldBe(HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
        using var read = await admin.GetAsync($"/api/workflows/deep-{depth}");
        read.StatusCode.ShouldBe(HttpStatusCode.OK, await read.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Only_process_owners_and_admins_edit_workflows()
    {
        using var staff = await server.CreateClientForAsync(DemoUsers.EmailFor(Roles.WarehouseStaff));

        using var response = await staff.PutAsync("/api/workflows/hand-written", Json(HandWritten));

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await staff.GetAsync("/api/workflows")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Unknown_things_are_404_and_finished_instances_cannot_be_cancelled()
    {
        using var admin = await server.CreateClientForAsync(DemoUsers.AdminEmail);
        await (await admin.GetAsync("/api/instances/nope")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await admin.PostAsJsonAsync("/api/workflows/nope/instances", new { })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await admin.GetAsync("/api/instances?status=Sleeping")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.PostAsJsonAsync("/api/events", new { key = "" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        using var started = await admin.PostAsJsonAsync("/api/workflows/payment-confirmation/instances", new { input = new { orderNumber = "C-1", amount = 10 } });
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        (await admin.PostAsync($"/api/instances/{id}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await admin.PostAsync($"/api/instances/{id}/cancel", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await admin.PostAsync($"/api/instances/{id}/retry", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Activity_types_describe_the_palette_without_clr_names()
    {
        using var admin = await server.CreateClientForAsync(DemoUsers.AdminEmail);

        var body = await admin.GetStringAsync("/api/activity-types");

        body.ShouldNotContain("Fulfillment.Workflows");
        using var document = JsonDocument.Parse(body);
        var wait = document.RootElement.EnumerateArray().Single(a => a.GetProperty("type").GetString() == "WaitForEvent");
        wait.GetProperty("category").GetString().ShouldBe("Events");
        wait.GetProperty("outcomes").EnumerateArray().Select(o => o.GetString()).ShouldBe(["Done", "TimedOut"]);
        var key = wait.GetProperty("inputs").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "key");
        key.GetProperty("required").GetBoolean().ShouldBeTrue();
        key.GetProperty("type").GetString().ShouldBe("string");
    }

    [Fact]
    public async Task The_workflows_folder_is_published_at_start_up()
    {
        using var admin = await server.CreateClientForAsync(DemoUsers.AdminEmail);

        var workflow = await admin.GetFromJsonAsync<JsonElement>("/api/workflows/payment-confirmation");

        workflow.GetProperty("isPublished").GetBoolean().ShouldBeTrue();
        workflow.GetProperty("definition").GetProperty("schemaVersion").GetInt32().ShouldBe(1);
    }

    // Found by the fuzzer: free-form JSON (a start input, an event payload, form data) with a property
    // written twice reached the engine as a node that throws when read, and the API answered 500.
    [Theory]
    [InlineData("/api/workflows/payment-confirmation/instances", """{ "input": { "orderNumber": "A-1", "orderNumber": "A-2" } }""", "$.input")]
    [InlineData("/api/events", """{ "key": "payment:A-1", "payload": { "method": "card", "method": "cash" } }""", "$.payload")]
    [InlineData("/api/events", """{ "key": "payment:A-1", "key": "payment:A-2" }""", "$.key")]
    [InlineData("/api/tasks/no-such-task/complete", """{ "data": { "quantity": 1, "quantity": 2 } }""", "$.data")]
    public async Task A_property_written_twice_in_a_request_is_a_400_naming_it(string url, string body, string path)
    {
        using var admin = await server.CreateClientForAsync(DemoUsers.AdminEmail);

        using var response = await admin.PostAsync(url, Json(body));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("path").GetString().ShouldBe(path);
    }

    // Found by the fuzzer: a byte that is not UTF-8 inside a free-form value (an event payload, a start
    // input, form data) passed the JSON reader, which leaves such values unread, and broke the engine: 500.
    [Theory]
    [InlineData("/api/events", """{ "key": "payment:A-1", "payload": { "method": "card\xFF" } }""", "payload")]
    [InlineData("/api/workflows/payment-confirmation/instances", """{ "input": { "orderNumber": "A-\xC3" } }""", "input")]
    [InlineData("/api/tasks/no-such-task/complete", """{ "data": { "notes": "\xFE\xFF" } }""", "data")]
    public async Task Free_form_json_with_text_that_is_not_utf8_is_a_400_naming_the_field(string url, string body, string path)
    {
        using var admin = await server.CreateClientForAsync(DemoUsers.AdminEmail);
        var bytes = Encoding.Latin1.GetBytes(System.Text.RegularExpressions.Regex.Unescape(body));
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        using var response = await admin.PostAsync(url, content);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("path").GetString().ShouldBe(path);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
