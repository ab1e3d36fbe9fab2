using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fulfillment.Server.Identity;
using Fulfillment.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Fulfillment.Server.Tests.Tasks;

/// <summary>
/// The life of a task beyond the happy path, through the API on the simulated clock: reminders,
/// business-day due dates, rejection, claim / release / delegate, e-mail links (reject page, expiry),
/// cancellation and escalation. E-mails are read from the pickup folder <c>&lt;data&gt;/mail</c>.
/// </summary>
public sealed class TaskLifecycleTests : IAsyncLifetime, IDisposable
{
    /// <summary>A second holder of Warehouse Staff (the demo data has one user per role).</summary>
    private const string SecondStaff = "second-staff@demo.local";

    private const string RemindedTask = """
        {
          "schemaVersion": 1, "id": "count-stock", "name": "Count stock, reminded before due",
          "variables": [ { "name": "count" } ],
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "count", "type": "UserTask", "name": "Count stock",
              "inputs": { "title": "Count stock on shelf A", "role": "Warehouse Staff", "due": "P1D", "remindBefore": "PT2H",
                "form": [ { "name": "counted", "type": "Number", "required": true } ] },
              "outputs": { "data": "count" } },
            { "id": "end", "type": "End" }
          ],
          "connections": [ { "from": "start", "to": "count" }, { "from": "count", "to": "end" } ]
        }
        """;

    private const string BusinessDayTask = """
        {
          "schemaVersion": 1, "id": "business-day", "name": "Due the next business day",
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "label", "type": "UserTask",
              "inputs": { "title": "Print the labels", "role": "Warehouse Staff", "due": "P1D", "businessDays": true } },
            { "id": "end", "type": "End" }
          ],
          "connections": [ { "from": "start", "to": "label" }, { "from": "label", "to": "end" } ]
        }
        """;

    private const string RejectableApproval = """
        {
          "schemaVersion": 1, "id": "return-approval", "name": "Approve a return",
          "variables": [ { "name": "decision" }, { "name": "why" }, { "name": "who" }, { "name": "rejected" } ],
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "approve", "type": "Approval", "name": "Approval: Warehouse Manager",
              "inputs": { "title": "Approve the return", "approverRole": "Warehouse Manager" },
              "outputs": { "decision": "decision", "comment": "why", "decidedBy": "who" } },
            { "id": "markRejected", "type": "SetVariable", "inputs": { "name": "rejected", "value": true } },
            { "id": "rejectedEnd", "type": "End" },
            { "id": "approvedEnd", "type": "End" }
          ],
          "connections": [
            { "from": "start", "to": "approve" },
            { "from": "approve", "outcome": "Approved", "to": "approvedEnd" },
            { "from": "approve", "outcome": "Rejected", "to": "markRejected" },
            { "from": "markRejected", "to": "rejectedEnd" }
          ]
        }
        """;

    private const string EscalatedTask = """
        {
          "schemaVersion": 1, "id": "pack-order", "name": "Pack, escalated when late",
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "pack", "type": "UserTask",
              "inputs": { "title": "Pack order 42", "role": "Warehouse Staff", "due": "PT4H", "escalateTo": "Warehouse Manager" } },
            { "id": "end", "type": "End" }
          ],
          "connections": [ { "from": "start", "to": "pack" }, { "from": "pack", "to": "end" } ]
        }
        """;

    private const string ReworkedTask = """
        {
          "schemaVersion": 1, "id": "shelf-rework", "name": "Check the shelf, approved; changes reopen the check",
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "check", "type": "UserTask",
              "inputs": { "title": "Check the shelf", "role": "Warehouse Staff", "due": "P2D", "remindBefore": "PT2H",
                "form": [ { "name": "shelf", "type": "Text", "required": true } ] } },
            { "id": "approve", "type": "Approval",
              "inputs": { "title": "Approve the shelf check", "approverRole": "Warehouse Manager", "submits": [ "check" ], "due": "PT4H" } },
            { "id": "end", "type": "End" }
          ],
          "connections": [
            { "from": "start", "to": "check" }, { "from": "check", "to": "approve" },
            { "from": "approve", "outcome": "Approved", "to": "end" }
          ]
        }
        """;

    private static readonly string Staff = DemoUsers.EmailFor(Roles.WarehouseStaff);
    private static readonly string Manager = DemoUsers.EmailFor(Roles.WarehouseManager);

    private FulfillmentServerFactory _server = null!;
    private HttpClient _admin = null!;
    private HttpClient _staff = null!;
    private HttpClient _staff2 = null!;
    private HttpClient _manager = null!;

    public async Task InitializeAsync()
    {
        _server = new FulfillmentServerFactory();
        _server.Settings["Fulfillment:Clock"] = "Simulated";
        _server.Settings["Fulfillment:PublicBaseUrl"] = "http://fulfillment.test";
        _admin = await _server.CreateClientForAsync(DemoUsers.AdminEmail);
        _staff = await _server.CreateClientForAsync(Staff);
        _manager = await _server.CreateClientForAsync(Manager);

        // There is no API to create users: add a second Warehouse Staff holder through Identity.
        await using (var scope = _server.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser { UserName = SecondStaff, Email = SecondStaff, EmailConfirmed = true, DisplayName = "Second Staff" };
            (await users.CreateAsync(user, DemoUsers.Password)).Succeeded.ShouldBeTrue();
            (await users.AddToRoleAsync(user, Roles.WarehouseStaff)).Succeeded.ShouldBeTrue();
        }

        _staff2 = await _server.CreateClientForAsync(SecondStaff);
        foreach (var workflow in new[] { RemindedTask, BusinessDayTask, RejectableApproval, EscalatedTask, ReworkedTask })
        {
            var id = JsonDocument.Parse(workflow).RootElement.GetProperty("id").GetString();
            using var saved = await _admin.PutAsync($"/api/workflows/{id}", new StringContent(workflow, Encoding.UTF8, "application/json"));
            saved.StatusCode.ShouldBe(HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
            using var published = await _admin.PostAsync($"/api/workflows/{id}/publish", null);
            published.StatusCode.ShouldBe(HttpStatusCode.OK, await published.Content.ReadAsStringAsync());
        }
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
        _staff2.Dispose();
        _manager.Dispose();
    }

    // ---- 1. Reminders ----

    [Fact]
    public async Task A_reminder_goes_out_once_two_hours_before_due_to_every_role_holder_and_the_task_stays_open()
    {
        var instance = await StartAsync("count-stock");
        var task = await OnlyTaskAsync(_staff, instance, "count");

        await AdvanceAsync("PT21H");

        (await ReminderKeysAsync()).ShouldBeEmpty("a reminder 21h into a 24h task with remindBefore PT2H is early");
        Mails().ShouldNotContain(m => m.Subject.StartsWith("Reminder:", StringComparison.Ordinal));

        await AdvanceAsync("PT1H1M");

        var reminders = await WaitForMailsAsync(m => m.Subject.StartsWith("Reminder:", StringComparison.Ordinal), count: 2);
        reminders.SelectMany(m => m.To).ShouldBe([Staff, SecondStaff], ignoreOrder: true);
        reminders.ShouldAllBe(m => m.Subject.Contains("Count stock on shelf A", StringComparison.Ordinal));
        var view = await GetTaskAsync(_staff, task);
        view.GetProperty("status").GetString().ShouldBe("Open");
        (await JournalMessagesAsync(instance)).ShouldContain(m => m.StartsWith("Reminder sent", StringComparison.Ordinal));

        // Past the due date and beyond: no second reminder.
        await AdvanceAsync("P2D");
        (await ReminderKeysAsync()).Count.ShouldBe(2);
        Mails().Count(m => m.Subject.StartsWith("Reminder:", StringComparison.Ordinal)).ShouldBe(2);

        using var completed = await CompleteAsync(_staff, task, new { data = new { counted = 12 } });
        completed.StatusCode.ShouldBe(HttpStatusCode.OK, await completed.Content.ReadAsStringAsync());
        var details = await InstanceAsync(instance);
        details.GetProperty("status").GetString().ShouldBe("Completed");
        details.GetProperty("variables").GetProperty("count").GetProperty("counted").GetInt32().ShouldBe(12);
    }

    [Fact]
    public async Task A_task_completed_before_its_reminder_gets_no_reminder()
    {
        var instance = await StartAsync("count-stock");
        var task = await OnlyTaskAsync(_staff, instance, "count");
        await AdvanceAsync("PT1H");
        (await CompleteAsync(_staff, task, new { data = new { counted = 3 } })).StatusCode.ShouldBe(HttpStatusCode.OK);

        await AdvanceAsync("P3D");

        (await ReminderKeysAsync()).ShouldBeEmpty();
        Mails().ShouldNotContain(m => m.Subject.StartsWith("Reminder:", StringComparison.Ordinal));
        var details = await InstanceAsync(instance);
        details.GetProperty("status").GetString().ShouldBe("Completed");
        details.GetProperty("bookmarks").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task A_claimed_tasks_reminder_goes_to_the_person_who_holds_it_only()
    {
        var instance = await StartAsync("count-stock");
        var task = await OnlyTaskAsync(_staff, instance, "count");
        (await _staff2.PostAsync($"/api/tasks/{task}/claim", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        await AdvanceAsync("PT22H1M");

        // The other role holder no longer sees the task (and may not complete it): reminding them is noise.
        var reminders = await WaitForMailsAsync(m => m.Subject.StartsWith("Reminder:", StringComparison.Ordinal), count: 1);
        reminders.SelectMany(m => m.To).ShouldBe([SecondStaff]);
        (await ReminderKeysAsync()).Count.ShouldBe(1);
    }

    // ---- 2. Business-day due dates ----

    [Fact]
    public async Task A_one_business_day_task_opened_on_friday_is_due_on_monday_at_the_same_time()
    {
        var now = await AdvanceAsync("PT0S");
        var toFriday = ((int)DayOfWeek.Friday - (int)now.DayOfWeek + 7) % 7;
        var friday = toFriday == 0 ? now : await AdvanceAsync($"P{toFriday}D");
        friday.DayOfWeek.ShouldBe(DayOfWeek.Friday);

        var fromFriday = await GetTaskAsync(_staff, await OnlyTaskAsync(_staff, await StartAsync("business-day"), "label"));

        var createdAt = Instant(fromFriday, "createdAt");
        createdAt.DayOfWeek.ShouldBe(DayOfWeek.Friday);
        Instant(fromFriday, "dueAt").ShouldBe(createdAt.AddDays(3));

        // A Saturday first moves to Monday, then one business day on: Tuesday, same time.
        var saturday = await AdvanceAsync("P1D");
        saturday.DayOfWeek.ShouldBe(DayOfWeek.Saturday);
        var fromSaturday = await GetTaskAsync(_staff, await OnlyTaskAsync(_staff, await StartAsync("business-day"), "label"));
        var savedAt = Instant(fromSaturday, "createdAt");
        Instant(fromSaturday, "dueAt").ShouldBe(savedAt.AddDays(3));
        Instant(fromSaturday, "dueAt").DayOfWeek.ShouldBe(DayOfWeek.Tuesday);
        fromSaturday.GetProperty("overdue").GetBoolean().ShouldBeFalse();
    }

    // ---- 3. Rejection ----

    [Fact]
    public async Task Rejecting_needs_a_comment_then_leaves_by_Rejected_with_the_decision_in_variables_and_journal()
    {
        var instance = await StartAsync("return-approval");
        var approval = await OnlyTaskAsync(_manager, instance, "approve");

        var missing = await (await CompleteAsync(_manager, approval, new { outcome = "Rejected" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        missing.GetProperty("path").GetString().ShouldBe("comment");
        var blank = await (await CompleteAsync(_manager, approval, new { outcome = "Rejected", comment = "   " })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        blank.GetProperty("path").GetString().ShouldBe("comment");
        (await GetTaskAsync(_manager, approval)).GetProperty("status").GetString().ShouldBe("Open");

        using var rejected = await CompleteAsync(_manager, approval, new { outcome = "Rejected", comment = "The box is damaged" });

        rejected.StatusCode.ShouldBe(HttpStatusCode.OK, await rejected.Content.ReadAsStringAsync());
        var view = await rejected.Content.ReadFromJsonAsync<JsonElement>();
        view.GetProperty("status").GetString().ShouldBe("Completed");
        view.GetProperty("outcome").GetString().ShouldBe("Rejected");
        view.GetProperty("comment").GetString().ShouldBe("The box is damaged");
        view.GetProperty("completedBy").GetString().ShouldBe(Manager);

        var details = await InstanceAsync(instance);
        details.GetProperty("status").GetString().ShouldBe("Completed");
        var variables = details.GetProperty("variables");
        variables.GetProperty("rejected").GetBoolean().ShouldBeTrue();
        variables.GetProperty("decision").GetString().ShouldBe("Rejected");
        variables.GetProperty("why").GetString().ShouldBe("The box is damaged");
        variables.GetProperty("who").GetString().ShouldBe(Manager);
        var journal = details.GetProperty("journal").EnumerateArray().ToList();
        journal.ShouldContain(j => j.GetProperty("kind").GetString() == "ActivityCompleted"
            && j.GetProperty("activityId").GetString() == "approve" && j.GetProperty("outcome").GetString() == "Rejected");
        journal.ShouldNotContain(j => j.GetProperty("activityId").GetString() == "approvedEnd");
        var note = journal.Single(j => j.GetProperty("kind").GetString() == "Note" && j.GetProperty("activityId").GetString() == "approve");
        note.GetProperty("message").GetString().ShouldBe($"Rejected by {Manager}: The box is damaged");
        note.GetProperty("data").GetProperty("comment").GetString().ShouldBe("The box is damaged");
    }

    // ---- 4. Claim, release, delegate ----

    [Fact]
    public async Task Claiming_takes_the_task_out_of_the_other_holders_inbox_and_releasing_gives_it_back()
    {
        var instance = await StartAsync("count-stock");
        var task = await OnlyTaskAsync(_staff, instance, "count");
        (await OnlyTaskAsync(_staff2, instance, "count")).ShouldBe(task);

        using var claimed = await _staff.PostAsync($"/api/tasks/{task}/claim", null);

        claimed.StatusCode.ShouldBe(HttpStatusCode.OK, await claimed.Content.ReadAsStringAsync());
        (await GetTaskAsync(_staff, task)).GetProperty("assignee").GetString().ShouldBe(Staff);
        (await InboxAsync(_staff2, instance)).ShouldBeEmpty();
        (await OnlyTaskAsync(_staff, instance, "count")).ShouldBe(task);

        // The other holder may neither take it nor complete it while it is held.
        await (await _staff2.PostAsync($"/api/tasks/{task}/claim", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await CompleteAsync(_staff2, task, new { data = new { counted = 1 } })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await _staff2.PostAsync($"/api/tasks/{task}/release", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        // Claiming again is harmless for the holder.
        (await _staff.PostAsync($"/api/tasks/{task}/claim", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var released = await _staff.PostAsync($"/api/tasks/{task}/release", null);
        released.StatusCode.ShouldBe(HttpStatusCode.OK, await released.Content.ReadAsStringAsync());
        (await GetTaskAsync(_staff, task)).GetProperty("assignee").ValueKind.ShouldBe(JsonValueKind.Null);
        (await OnlyTaskAsync(_staff2, instance, "count")).ShouldBe(task);

        (await CompleteAsync(_staff2, task, new { data = new { counted = 7 } })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await GetTaskAsync(_staff, task)).GetProperty("completedBy").GetString().ShouldBe(SecondStaff);
    }

    [Fact]
    public async Task Outsiders_cannot_claim_and_delegating_needs_a_holder_of_the_role()
    {
        var instance = await StartAsync("count-stock");
        var task = await OnlyTaskAsync(_staff, instance, "count");

        await (await _manager.PostAsync($"/api/tasks/{task}/claim", null)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await _admin.PostAsync($"/api/tasks/{task}/claim", null)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        var outsider = await (await _staff.PostAsJsonAsync($"/api/tasks/{task}/delegate", new { to = Manager })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        outsider.GetProperty("path").GetString().ShouldBe("to");
        var nobody = await (await _staff.PostAsJsonAsync($"/api/tasks/{task}/delegate", new { to = "nobody@demo.local" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        nobody.GetProperty("path").GetString().ShouldBe("to");
        var empty = await (await _staff.PostAsJsonAsync($"/api/tasks/{task}/delegate", new { to = " " })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        empty.GetProperty("path").GetString().ShouldBe("to");
        (await GetTaskAsync(_staff, task)).GetProperty("assignee").ValueKind.ShouldBe(JsonValueKind.Null);

        (await _staff.PostAsync($"/api/tasks/{task}/claim", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var delegated = await _staff.PostAsJsonAsync($"/api/tasks/{task}/delegate", new { to = SecondStaff });

        delegated.StatusCode.ShouldBe(HttpStatusCode.OK, await delegated.Content.ReadAsStringAsync());
        (await GetTaskAsync(_staff2, task)).GetProperty("assignee").GetString().ShouldBe(SecondStaff);
        (await OnlyTaskAsync(_staff2, instance, "count")).ShouldBe(task);
        (await InboxAsync(_staff, instance)).ShouldBeEmpty();
        await (await CompleteAsync(_staff, task, new { data = new { counted = 5 } })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await CompleteAsync(_manager, task, new { data = new { counted = 5 } })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await CompleteAsync(_staff2, task, new { data = new { counted = 5 } })).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    // ---- 5. E-mail links ----

    [Fact]
    public async Task The_reject_link_asks_for_a_comment_and_then_rejects_with_it()
    {
        var instance = await StartAsync("return-approval");
        var approval = await OnlyTaskAsync(_manager, instance, "approve");
        await AdvanceAsync("PT1M");
        var reject = await LinkInAsync(Manager, "Reject");
        using var browser = _server.CreateClient();

        using var page = await browser.GetAsync(reject);

        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldContain("<textarea");
        html.ShouldContain("name=\"comment\"");
        var token = Uri.UnescapeDataString(reject[(reject.IndexOf("token=", StringComparison.Ordinal) + "token=".Length)..]);
        (await GetTaskAsync(_manager, approval)).GetProperty("status").GetString().ShouldBe("Open", "opening the reject page decides nothing");

        using var withoutComment = await browser.PostAsync("/tasks/act", Form(("token", token), ("comment", "  ")));
        withoutComment.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await withoutComment.Content.ReadAsStringAsync()).ShouldContain("name=\"comment\"");
        (await GetTaskAsync(_manager, approval)).GetProperty("status").GetString().ShouldBe("Open");

        using var withComment = await browser.PostAsync("/tasks/act", Form(("token", token), ("comment", "Wrong item returned")));

        withComment.StatusCode.ShouldBe(HttpStatusCode.OK, await withComment.Content.ReadAsStringAsync());
        var decided = await GetTaskAsync(_manager, approval);
        decided.GetProperty("outcome").GetString().ShouldBe("Rejected");
        decided.GetProperty("comment").GetString().ShouldBe("Wrong item returned");
        decided.GetProperty("completedBy").GetString().ShouldBe(Manager);
        var details = await InstanceAsync(instance);
        details.GetProperty("status").GetString().ShouldBe("Completed");
        details.GetProperty("variables").GetProperty("why").GetString().ShouldBe("Wrong item returned");

        // The approve link of the same e-mail can no longer change the decision.
        using var approveLater = await browser.GetAsync(await LinkInAsync(Manager, "Approve"));
        approveLater.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await GetTaskAsync(_manager, approval)).GetProperty("outcome").GetString().ShouldBe("Rejected");
    }

    [Fact]
    public async Task Links_stop_working_after_seven_days_of_simulated_time()
    {
        var instance = await StartAsync("return-approval");
        var approval = await OnlyTaskAsync(_manager, instance, "approve");
        await AdvanceAsync("PT1M");
        var approve = await LinkInAsync(Manager, "Approve");
        var reject = await LinkInAsync(Manager, "Reject");
        var token = Uri.UnescapeDataString(reject[(reject.IndexOf("token=", StringComparison.Ordinal) + "token=".Length)..]);
        using var browser = _server.CreateClient();

        await AdvanceAsync("P7DT1M");

        using var approved = await browser.GetAsync(approve);
        approved.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await approved.Content.ReadAsStringAsync()).ShouldContain("does not work");
        using var rejectPage = await browser.GetAsync(reject);
        rejectPage.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await rejectPage.Content.ReadAsStringAsync()).ShouldContain("does not work");
        using var rejected = await browser.PostAsync("/tasks/act", Form(("token", token), ("comment", "Too late")));
        rejected.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await rejected.Content.ReadAsStringAsync()).ShouldContain("does not work");

        (await GetTaskAsync(_manager, approval)).GetProperty("status").GetString().ShouldBe("Open");
        (await InstanceAsync(instance)).GetProperty("status").GetString().ShouldBe("Suspended");
    }

    // ---- 6. Cancellation ----

    [Fact]
    public async Task Cancelling_the_instance_cancels_its_open_task_and_its_reminder()
    {
        var instance = await StartAsync("count-stock");
        var task = await OnlyTaskAsync(_staff, instance, "count");

        using var cancelled = await _admin.PostAsync($"/api/instances/{instance}/cancel", null);

        cancelled.StatusCode.ShouldBe(HttpStatusCode.NoContent, await cancelled.Content.ReadAsStringAsync());
        (await GetTaskAsync(_staff, task)).GetProperty("status").GetString().ShouldBe("Cancelled");
        (await InboxAsync(_staff, instance)).ShouldBeEmpty();
        (await InboxAsync(_staff2, instance)).ShouldBeEmpty();
        await (await CompleteAsync(_staff, task, new { data = new { counted = 4 } })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await _staff.PostAsync($"/api/tasks/{task}/claim", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        await AdvanceAsync("P2D");

        (await ReminderKeysAsync()).ShouldBeEmpty();
        Mails().ShouldNotContain(m => m.Subject.StartsWith("Reminder:", StringComparison.Ordinal));
        (await InstanceAsync(instance)).GetProperty("status").GetString().ShouldBe("Cancelled");
        (await GetTaskAsync(_staff, task)).GetProperty("status").GetString().ShouldBe("Cancelled");
    }

    [Fact]
    public async Task An_approval_link_of_a_cancelled_instance_decides_nothing()
    {
        var instance = await StartAsync("return-approval");
        var approval = await OnlyTaskAsync(_manager, instance, "approve");
        await AdvanceAsync("PT1M");
        var approve = await LinkInAsync(Manager, "Approve");
        (await _admin.PostAsync($"/api/instances/{instance}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        using var browser = _server.CreateClient();

        using var page = await browser.GetAsync(approve);

        page.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await page.Content.ReadAsStringAsync()).ShouldContain("cancelled");
        var task = await GetTaskAsync(_manager, approval);
        task.GetProperty("status").GetString().ShouldBe("Cancelled");
        task.GetProperty("outcome").ValueKind.ShouldBe(JsonValueKind.Null);
        (await InstanceAsync(instance)).GetProperty("status").GetString().ShouldBe("Cancelled");
    }

    // ---- 7. Escalation of a user task ----

    [Fact]
    public async Task A_late_claimed_task_escalates_to_the_higher_role_which_completes_it()
    {
        var instance = await StartAsync("pack-order");
        var task = await OnlyTaskAsync(_staff, instance, "pack");
        (await _staff.PostAsync($"/api/tasks/{task}/claim", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        await AdvanceAsync("PT3H");
        (await InboxAsync(_manager, instance)).ShouldBeEmpty();

        await AdvanceAsync("PT1H1M");

        var escalated = (await InboxAsync(_manager, instance)).ShouldHaveSingleItem();
        escalated.GetProperty("id").GetString().ShouldBe(task);
        escalated.GetProperty("role").GetString().ShouldBe(Roles.WarehouseManager);
        escalated.GetProperty("assignee").ValueKind.ShouldBe(JsonValueKind.Null);
        escalated.GetProperty("overdue").GetBoolean().ShouldBeTrue();
        escalated.GetProperty("escalatedAt").ValueKind.ShouldBe(JsonValueKind.String);
        (await InboxAsync(_staff, instance)).ShouldBeEmpty();
        (await InboxAsync(_staff2, instance)).ShouldBeEmpty();
        var overdue = await WaitForMailsAsync(m => m.Subject.StartsWith("Overdue, now yours:", StringComparison.Ordinal), count: 1);
        overdue.Single().To.ShouldBe([Manager]);

        await (await CompleteAsync(_staff, task, new { data = new { } })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        using var completed = await CompleteAsync(_manager, task, new { data = new { } });
        completed.StatusCode.ShouldBe(HttpStatusCode.OK, await completed.Content.ReadAsStringAsync());
        (await completed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("completedBy").GetString().ShouldBe(Manager);
        (await InstanceAsync(instance)).GetProperty("status").GetString().ShouldBe("Completed");
    }

    // ---- Changes requested: the reopened task keeps its own timing ----

    [Fact]
    public async Task A_task_reopened_by_changes_requested_is_due_by_its_own_due_input_not_the_approvals()
    {
        var reopened = await ReopenedCheckAsync();

        // The check task says "due": "P2D" from when it opens; the approval's "PT4H" is the approver's deadline.
        Instant(reopened, "dueAt").ShouldBe(Instant(reopened, "createdAt").AddDays(2));
    }

    [Fact]
    public async Task A_task_reopened_by_changes_requested_is_reminded_before_its_due_date()
    {
        var reopened = await ReopenedCheckAsync();

        await AdvanceAsync("P1DT22H1M");

        var reminder = (await WaitForMailsAsync(m => m.Subject.StartsWith("Reminder:", StringComparison.Ordinal), count: 1)).Single();
        reminder.To.ShouldBe([Staff]);
        reminder.Subject.ShouldContain("Check the shelf");
        (await GetTaskAsync(_staff, reopened.GetProperty("id").GetString()!)).GetProperty("status").GetString().ShouldBe("Open");
    }

    /// <summary>Runs shelf-rework to the point where the manager asked for changes; returns the reopened check task.</summary>
    private async Task<JsonElement> ReopenedCheckAsync()
    {
        var instance = await StartAsync("shelf-rework");
        var check = await OnlyTaskAsync(_staff, instance, "check");
        (await CompleteAsync(_staff, check, new { data = new { shelf = "A-3" } })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var approval = await OnlyTaskAsync(_manager, instance, "approve");
        await AdvanceAsync("PT1H");
        using var changes = await CompleteAsync(_manager, approval, new { outcome = "ChangesRequested", comment = "It is on shelf B" });
        changes.StatusCode.ShouldBe(HttpStatusCode.OK, await changes.Content.ReadAsStringAsync());
        var reopened = (await InboxAsync(_staff, instance)).ShouldHaveSingleItem();
        reopened.GetProperty("id").GetString().ShouldNotBe(check);
        reopened.GetProperty("activityId").GetString().ShouldBe("check");
        return reopened;
    }

    // ---- helpers ----

    private sealed record Mail(string Subject, IReadOnlyList<string> To, string Text);

    private async Task<string> StartAsync(string workflowId)
    {
        using var started = await _admin.PostAsJsonAsync($"/api/workflows/{workflowId}/instances", new { });
        started.StatusCode.ShouldBe(HttpStatusCode.Created, await started.Content.ReadAsStringAsync());
        return (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>Moves the simulated clock and returns its new position.</summary>
    private async Task<DateTimeOffset> AdvanceAsync(string by)
    {
        using var response = await _admin.PostAsJsonAsync("/api/simulation/advance", new { by });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("now").GetDateTimeOffset();
    }

    private async Task<JsonElement> InstanceAsync(string instance) =>
        await _admin.GetFromJsonAsync<JsonElement>($"/api/instances/{instance}");

    private async Task<List<string>> JournalMessagesAsync(string instance) =>
        (await InstanceAsync(instance)).GetProperty("journal").EnumerateArray()
            .Select(j => j.GetProperty("message").GetString()).OfType<string>().ToList();

    /// <summary>The idempotency keys of reminder e-mails in the outbox (whether or not sent yet).</summary>
    private async Task<List<string>> ReminderKeysAsync() =>
        (await _admin.GetFromJsonAsync<JsonElement>("/api/outbox?take=1000")).EnumerateArray()
            .Select(o => o.GetProperty("idempotencyKey").GetString()!)
            .Where(k => k.Contains("/task-reminder/", StringComparison.Ordinal))
            .ToList();

    private static async Task<JsonElement> GetTaskAsync(HttpClient client, string taskId)
    {
        using var response = await client.GetAsync($"/api/tasks/{taskId}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<List<JsonElement>> InboxAsync(HttpClient client, string instance) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/tasks?status=Open")).EnumerateArray()
            .Where(t => t.GetProperty("instanceId").GetString() == instance).ToList();

    private static async Task<string> OnlyTaskAsync(HttpClient client, string instance, string activityId) =>
        (await InboxAsync(client, instance)).Where(t => t.GetProperty("activityId").GetString() == activityId)
            .ShouldHaveSingleItem().GetProperty("id").GetString()!;

    private static Task<HttpResponseMessage> CompleteAsync(HttpClient client, string taskId, object body) =>
        client.PostAsJsonAsync($"/api/tasks/{taskId}/complete", body);

    private static DateTimeOffset Instant(JsonElement view, string property) =>
        DateTimeOffset.Parse(view.GetProperty(property).GetString()!, CultureInfo.InvariantCulture);

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    /// <summary>Every message in the pickup folder.</summary>
    private List<Mail> Mails()
    {
        var folder = Path.Combine(_server.DataDirectory, "mail");
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var mails = new List<Mail>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.eml"))
        {
            using var message = MimeMessage.Load(file);
            mails.Add(new Mail(message.Subject ?? string.Empty, message.To.Mailboxes.Select(m => m.Address).ToList(), message.TextBody ?? string.Empty));
        }

        return mails;
    }

    /// <summary>
    /// The messages matching <paramref name="match"/> once there are <paramref name="count"/> of them
    /// (the outbox may still be writing a file when the advance returns); fails after a few seconds.
    /// </summary>
    private async Task<List<Mail>> WaitForMailsAsync(Func<Mail, bool> match, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            var found = Mails().Where(match).ToList();
            if (found.Count >= count || DateTime.UtcNow > deadline)
            {
                found.Count.ShouldBe(count, string.Join(Environment.NewLine, Mails().Select(m => $"{string.Join(",", m.To)}: {m.Subject}")));
                return found;
            }

            await Task.Delay(20);
        }
    }

    /// <summary>The Approve or Reject link (as a path) in the single approval e-mail to <paramref name="recipient"/>.</summary>
    private async Task<string> LinkInAsync(string recipient, string label)
    {
        var mail = (await WaitForMailsAsync(m => m.To.Contains(recipient) && m.Subject.StartsWith("Approval needed", StringComparison.Ordinal), count: 1)).Single();
        var match = Regex.Match(mail.Text, $@"^{label}: (?<url>\S+)", RegexOptions.Multiline);
        match.Success.ShouldBeTrue(mail.Text);
        return new Uri(match.Groups["url"].Value).PathAndQuery;
    }
}
