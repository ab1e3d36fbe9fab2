using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fulfillment.Server.Identity;
using Fulfillment.Server.Tests.Infrastructure;

namespace Fulfillment.Server.Tests.Tasks;

/// <summary>Tasks and approvals driven through the API by the demo users, as the issue's acceptance describes.</summary>
public sealed partial class TaskApiTests : IAsyncLifetime, IDisposable
{
    private const string Workflow = """
        {
          "schemaVersion": 1, "id": "pick-approval", "name": "Check and pick, approved by the warehouse manager",
          "variables": [ { "name": "check" }, { "name": "pick" } ],
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "check", "type": "UserTask", "name": "Check product availability in warehouse",
              "inputs": { "title": "Check product availability in warehouse", "role": "Warehouse Staff",
                "form": [
                  { "name": "category", "type": "Dropdown", "required": true, "options": [ "Electronics", "Clothing", "Home Decor" ] },
                  { "name": "shelf", "type": "Dropdown", "required": true, "options": [ "Check Shelf A", "Check Shelf B", "Check Shelf C" ] } ] },
              "outputs": { "data": "check" } },
            { "id": "pick", "type": "UserTask", "name": "Pick product from warehouse shelf",
              "inputs": { "title": "Pick product from warehouse shelf", "role": "Warehouse Staff",
                "form": [ { "name": "quantity", "type": "Number", "required": true } ] },
              "outputs": { "data": "pick" } },
            { "id": "approve", "type": "Approval", "name": "Approval: Warehouse Manager",
              "inputs": { "title": "Approve the pick", "approverRole": "Warehouse Manager", "submits": [ "check", "pick" ],
                "due": "PT4H", "escalateTo": "Senior Sales Manager" } },
            { "id": "done", "type": "End" },
            { "id": "rejected", "type": "Fail", "inputs": { "message": "Rejected" } }
          ],
          "connections": [
            { "from": "start", "to": "check" }, { "from": "check", "to": "pick" }, { "from": "pick", "to": "approve" },
            { "from": "approve", "outcome": "Approved", "to": "done" }, { "from": "approve", "outcome": "Rejected", "to": "rejected" }
          ]
        }
        """;

    private FulfillmentServerFactory _server = null!;
    private HttpClient _admin = null!;
    private HttpClient _staff = null!;
    private HttpClient _manager = null!;

    public async Task InitializeAsync()
    {
        _server = new FulfillmentServerFactory();
        _server.Settings["Fulfillment:Clock"] = "Simulated";
        _server.Settings["Fulfillment:PublicBaseUrl"] = "http://fulfillment.test";
        _admin = await _server.CreateClientForAsync(DemoUsers.AdminEmail);
        _staff = await _server.CreateClientForAsync(DemoUsers.EmailFor(Roles.WarehouseStaff));
        _manager = await _server.CreateClientForAsync(DemoUsers.EmailFor(Roles.WarehouseManager));
        (await _admin.PutAsync("/api/workflows/pick-approval", new StringContent(Workflow, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        (await _admin.PostAsync("/api/workflows/pick-approval/publish", null)).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        Dispose();
        await _server.DisposeAsync();
    }

    public void Dispose()
    {
        _admin.Dispose();
        _staff.Dispose();
        _manager.Dispose();
    }

    [Fact]
    public async Task Changes_requested_reopen_just_the_two_tasks_then_approval_completes_the_workflow()
    {
        var instance = await StartAsync();
        var check = await OnlyTaskAsync(_staff, instance, "check");
        (await CompleteAsync(_staff, check, new { data = new { category = "Electronics", shelf = "Check Shelf B" } })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var pick = await OnlyTaskAsync(_staff, instance, "pick");
        (await CompleteAsync(_staff, pick, new { data = new { quantity = 2 } })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var approval = await OnlyTaskAsync(_manager, instance, "approve");
        var view = await _manager.GetFromJsonAsync<JsonElement>($"/api/tasks/{approval}");
        view.GetProperty("kind").GetString().ShouldBe("Approval");
        var submitted = view.GetProperty("submitted");
        submitted[0].GetProperty("data").GetProperty("category").GetString().ShouldBe("Electronics");
        submitted[1].GetProperty("data").GetProperty("quantity").GetInt32().ShouldBe(2);
        (await Inbox(_staff, instance)).ShouldBeEmpty();

        (await CompleteAsync(_manager, approval, new { outcome = "ChangesRequested", comment = "Shelf C holds this item" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var reopened = await Inbox(_staff, instance);
        reopened.Select(t => t.GetProperty("activityId").GetString()).ShouldBe(["check", "pick"], ignoreOrder: true);
        reopened.ShouldAllBe(t => t.GetProperty("assignee").GetString() == DemoUsers.EmailFor(Roles.WarehouseStaff));
        var recheck = reopened.Single(t => t.GetProperty("activityId").GetString() == "check");
        recheck.GetProperty("data").GetProperty("shelf").GetString().ShouldBe("Check Shelf B");
        (await Inbox(_manager, instance)).ShouldBeEmpty();

        await CompleteAsync(_staff, recheck.GetProperty("id").GetString()!, new { data = new { category = "Electronics", shelf = "Check Shelf C" } });
        (await Inbox(_manager, instance)).ShouldBeEmpty();
        await CompleteAsync(_staff, reopened.Single(t => t.GetProperty("activityId").GetString() == "pick").GetProperty("id").GetString()!, new { data = new { quantity = 2 } });

        var second = await OnlyTaskAsync(_manager, instance, "approve");
        second.ShouldNotBe(approval);
        var secondView = await _manager.GetFromJsonAsync<JsonElement>($"/api/tasks/{second}");
        secondView.GetProperty("submitted")[0].GetProperty("data").GetProperty("shelf").GetString().ShouldBe("Check Shelf C");
        (await CompleteAsync(_manager, second, new { outcome = "Approved" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var details = await _admin.GetFromJsonAsync<JsonElement>($"/api/instances/{instance}");
        details.GetProperty("status").GetString().ShouldBe("Completed");
        details.GetProperty("variables").GetProperty("check").GetProperty("shelf").GetString().ShouldBe("Check Shelf C");
        var decisions = details.GetProperty("journal").EnumerateArray()
            .Where(j => j.GetProperty("activityId").GetString() == "approve" && j.GetProperty("kind").GetString() == "Note")
            .Select(j => j.GetProperty("message").GetString()).ToList();
        decisions.ShouldContain(m => m!.StartsWith("ChangesRequested by warehouse-manager@demo.local", StringComparison.Ordinal));
        decisions.ShouldContain(m => m!.StartsWith("Approved by warehouse-manager@demo.local", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Outsiders_get_403_a_second_completion_409_and_a_replayed_key_the_first_answer()
    {
        var instance = await StartAsync();
        var check = await OnlyTaskAsync(_staff, instance, "check");
        using var outsider = await _server.CreateClientForAsync(DemoUsers.EmailFor(Roles.CustomerService));
        (await Inbox(outsider, instance)).ShouldBeEmpty();
        await (await CompleteAsync(outsider, check, new { data = new { category = "Clothing", shelf = "Check Shelf A" } })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        var invalid = await (await CompleteAsync(_staff, check, new { data = new { category = "Toys" } })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        invalid.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()).ShouldBe(["data.category", "data.shelf"], ignoreOrder: true);

        var body = new { data = new { category = "Clothing", shelf = "Check Shelf A" } };
        using var first = await CompleteAsync(_staff, check, body, idempotencyKey: "form-42");
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var replay = await CompleteAsync(_staff, check, body, idempotencyKey: "form-42");
        replay.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("completedAt").GetString()
            .ShouldBe((await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("completedAt").GetString());
        await (await CompleteAsync(_staff, check, body)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Two_approvers_at_once_make_exactly_one_transition()
    {
        var instance = await ReadyForApprovalAsync();
        var approval = await OnlyTaskAsync(_manager, instance, "approve");
        using var otherManager = await _server.CreateClientForAsync(DemoUsers.EmailFor(Roles.WarehouseManager));

        var answers = await Task.WhenAll(
            CompleteAsync(_manager, approval, new { outcome = "Approved" }),
            CompleteAsync(otherManager, approval, new { outcome = "Rejected", comment = "No" }));

        answers.Select(a => a.StatusCode).ShouldBe([HttpStatusCode.OK, HttpStatusCode.Conflict], ignoreOrder: true);
        var journal = (await _admin.GetFromJsonAsync<JsonElement>($"/api/instances/{instance}")).GetProperty("journal").EnumerateArray();
        journal.Count(j => j.GetProperty("kind").GetString() == "ActivityResumed" && j.GetProperty("activityId").GetString() == "approve").ShouldBe(1);
    }

    [Fact]
    public async Task A_late_approval_escalates_to_the_higher_role()
    {
        var instance = await ReadyForApprovalAsync();
        using var senior = await _server.CreateClientForAsync(DemoUsers.EmailFor(Roles.SeniorSalesManager));
        (await Inbox(senior, instance)).ShouldBeEmpty();

        (await _admin.PostAsJsonAsync("/api/simulation/advance", new { by = "PT5H" })).EnsureSuccessStatusCode();

        var escalated = (await Inbox(senior, instance)).ShouldHaveSingleItem();
        escalated.GetProperty("role").GetString().ShouldBe("Senior Sales Manager");
        escalated.GetProperty("overdue").GetBoolean().ShouldBeTrue();
        (await Inbox(_manager, instance)).ShouldBeEmpty();
        var journal = (await _admin.GetFromJsonAsync<JsonElement>($"/api/instances/{instance}")).GetProperty("journal").EnumerateArray();
        journal.ShouldContain(j => j.GetProperty("message").GetString() != null
            && j.GetProperty("message").GetString()!.Contains("escalated from Warehouse Manager to Senior Sales Manager", StringComparison.Ordinal));
        (await CompleteAsync(senior, escalated.GetProperty("id").GetString()!, new { outcome = "Approved" })).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_approval_emails_link_approves_once_and_only_once()
    {
        var instance = await ReadyForApprovalAsync();
        (await _admin.PostAsJsonAsync("/api/simulation/advance", new { by = "PT1M" })).EnsureSuccessStatusCode();
        var approve = ApproveLinks(DemoUsers.EmailFor(Roles.WarehouseManager)).ShouldHaveSingleItem();
        using var browser = _server.CreateClient();

        using var first = await browser.GetAsync(approve);
        first.StatusCode.ShouldBe(HttpStatusCode.OK, await first.Content.ReadAsStringAsync());
        using var again = await browser.GetAsync(approve);
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await again.Content.ReadAsStringAsync()).ShouldContain("already decided");
        using var tampered = await browser.GetAsync(approve[..^6] + "AAAAAA");
        tampered.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var details = await _admin.GetFromJsonAsync<JsonElement>($"/api/instances/{instance}");
        details.GetProperty("status").GetString().ShouldBe("Completed");
        details.GetProperty("journal").EnumerateArray()
            .Count(j => j.GetProperty("kind").GetString() == "ActivityResumed" && j.GetProperty("activityId").GetString() == "approve").ShouldBe(1);
    }

    private async Task<string> ReadyForApprovalAsync()
    {
        var instance = await StartAsync();
        await CompleteAsync(_staff, await OnlyTaskAsync(_staff, instance, "check"), new { data = new { category = "Home Decor", shelf = "Check Shelf A" } });
        await CompleteAsync(_staff, await OnlyTaskAsync(_staff, instance, "pick"), new { data = new { quantity = 1 } });
        return instance;
    }

    private async Task<string> StartAsync()
    {
        using var started = await _admin.PostAsJsonAsync("/api/workflows/pick-approval/instances", new { });
        started.EnsureSuccessStatusCode();
        return (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task<List<JsonElement>> Inbox(HttpClient client, string instance) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/tasks?status=Open")).EnumerateArray()
            .Where(t => t.GetProperty("instanceId").GetString() == instance).ToList();

    private static async Task<string> OnlyTaskAsync(HttpClient client, string instance, string activityId) =>
        (await Inbox(client, instance)).Where(t => t.GetProperty("activityId").GetString() == activityId)
            .ShouldHaveSingleItem().GetProperty("id").GetString()!;

    private static Task<HttpResponseMessage> CompleteAsync(HttpClient client, string taskId, object body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/tasks/{taskId}/complete") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }

    /// <summary>Approve links in the approval e-mails to <paramref name="recipient"/> in the pickup folder, as paths.</summary>
    private List<string> ApproveLinks(string recipient) =>
        Directory.EnumerateFiles(Path.Combine(_server.DataDirectory, "mail"), "*.eml")
            .Select(File.ReadAllText)
            .Where(text => text.Contains($"To: {recipient}", StringComparison.Ordinal))
            .Select(text => ApproveLink().Match(text.Replace("=\r\n", string.Empty, StringComparison.Ordinal).Replace("=3D", "=", StringComparison.Ordinal)))
            .Where(m => m.Success)
            .Select(m => new Uri(m.Value).PathAndQuery)
            .Distinct()
            .ToList();

    [GeneratedRegex(@"http://fulfillment\.test/tasks/act\?token=[A-Za-z0-9%_\-]+")]
    private static partial Regex ApproveLink();
}
