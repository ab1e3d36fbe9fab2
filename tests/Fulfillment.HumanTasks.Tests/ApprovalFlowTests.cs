using System.Security.Claims;
using System.Text.Json.Nodes;
using Fulfillment.HumanTasks.Live;
using Fulfillment.HumanTasks.Notifications;
using Fulfillment.HumanTasks.Storage;
using Fulfillment.Messaging;
using Fulfillment.Workflows.Runtime;
using Fulfillment.Workflows.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fulfillment.HumanTasks.Tests;

/// <summary>
/// User tasks and approvals on the real engine (<see cref="WorkflowTestHost"/>: SQLite, a virtual
/// clock that starts on Friday 9 January 2026, 10:00 UTC) with the task service, a fixed user
/// directory and e-mails read from the outbox.
/// </summary>
public sealed class ApprovalFlowTests : IAsyncLifetime
{
    private const string StaffRole = "Warehouse Staff";
    private const string ManagerRole = "Warehouse Manager";
    private const string Ann = "ann@example.test";
    private const string Bob = "bob@example.test";
    private const string Meg = "meg@example.test";

    private static readonly DateTimeOffset Friday = new(2026, 1, 9, 10, 0, 0, TimeSpan.Zero);

    private const string ShelfCheck = """
        {
          "schemaVersion": 1, "id": "shelf-check", "name": "Shelf check, approved",
          "variables": [ { "name": "decision" }, { "name": "why" }, { "name": "who" } ],
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "check", "type": "UserTask",
              "inputs": { "title": "Check the shelf", "role": "Warehouse Staff", "due": "P1D", "businessDays": true, "remindBefore": "PT2H",
                "form": [ { "name": "shelf", "type": "Text", "required": true } ] } },
            { "id": "approve", "type": "Approval",
              "inputs": { "title": "Approve the shelf check", "approverRole": "Warehouse Manager", "submits": [ "check" ], "due": "PT4H" },
              "outputs": { "decision": "decision", "comment": "why", "decidedBy": "who" } },
            { "id": "approved", "type": "End" },
            { "id": "rejected", "type": "End" }
          ],
          "connections": [
            { "from": "start", "to": "check" }, { "from": "check", "to": "approve" },
            { "from": "approve", "outcome": "Approved", "to": "approved" },
            { "from": "approve", "outcome": "Rejected", "to": "rejected" }
          ]
        }
        """;

    private readonly string _mail = Directory.CreateTempSubdirectory("fulfillment-approval-mail-").FullName;
    private WorkflowTestHost _host = null!;

    private HumanTaskService Tasks => _host.Services.GetRequiredService<HumanTaskService>();

    public async Task InitializeAsync()
    {
        _host = await WorkflowTestHost.CreateAsync(o =>
        {
            o.StartTime = Friday;
            o.ConfigureEngine = engine => engine.AddHumanTaskActivities();
            o.ConfigureServices = services =>
            {
                services.AddFulfillmentEmail(e => e.PickupDirectory = _mail);
                services.AddSingleton<IUserDirectory>(new FixedDirectory(new()
                {
                    [StaffRole] = [Ann, Bob],
                    [ManagerRole] = [Meg],
                }));

                // In the host's database, found through the FulfillmentDatabase the workflow store registered.
                services.AddHumanTasks();
            };
        });
        await _host.Services.GetRequiredService<HumanTasksDatabase>().MigrateAsync(CancellationToken.None);
        await _host.PublishAsync(ShelfCheck);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_mail, recursive: true);
    }

    [Fact]
    public async Task A_one_business_day_task_opened_on_friday_is_due_monday_and_reminded_two_hours_before()
    {
        var instance = await _host.StartAsync("shelf-check");
        var check = await OnlyTaskAsync(Ann, instance.Id);

        check.DueAt.ShouldBe(new DateTimeOffset(2026, 1, 12, 10, 0, 0, TimeSpan.Zero));
        await _host.AdvanceAsync(new DateTimeOffset(2026, 1, 12, 7, 59, 0, TimeSpan.Zero) - _host.Clock.GetUtcNow());
        (await RemindersAsync()).ShouldBeEmpty("the weekend does not count: the reminder is Monday 08:00");

        await _host.AdvanceAsync(TimeSpan.FromMinutes(2));

        var reminders = await RemindersAsync();
        reminders.Select(r => r.To).ShouldBe([Ann, Bob], ignoreOrder: true);
        reminders.ShouldAllBe(r => r.Subject == "Reminder: Check the shelf is due 2026-01-12 10:00 UTC");
        (await Tasks.GetAsync(check.Id, User(Ann, StaffRole), CancellationToken.None)).Status.ShouldBe(HumanTaskStatus.Open);
    }

    [Fact]
    public async Task Rejecting_needs_a_comment_and_the_decision_lands_in_the_outputs()
    {
        var instance = await ReadyForApprovalAsync();
        var approval = await OnlyTaskAsync(Meg, instance);

        var refused = await Should.ThrowAsync<TaskOperationException>(() =>
            Tasks.CompleteAsync(approval.Id, User(Meg, ManagerRole), "Rejected", null, comment: null, null, CancellationToken.None));
        refused.Refusal.ShouldBe(TaskRefusal.Invalid);
        refused.Errors.ShouldHaveSingleItem().Path.ShouldBe("comment");

        var decided = await Tasks.CompleteAsync(approval.Id, User(Meg, ManagerRole), "Rejected", null, "  Wrong shelf  ", null, CancellationToken.None);

        decided.Outcome.ShouldBe("Rejected");
        decided.Comment.ShouldBe("Wrong shelf");
        var details = await _host.GetDetailsAsync(instance);
        details.Status.ShouldBe(WorkflowStatus.Completed);
        details.Variables["decision"]!.GetValue<string>().ShouldBe("Rejected");
        details.Variables["why"]!.GetValue<string>().ShouldBe("Wrong shelf");
        details.Variables["who"]!.GetValue<string>().ShouldBe(Meg);
        details.Journal.ShouldContain(j => j.ActivityId == "rejected");
        details.Journal.ShouldNotContain(j => j.ActivityId == "approved");
    }

    [Fact]
    public async Task A_task_reopened_by_changes_requested_takes_its_due_date_from_its_own_inputs()
    {
        var instance = await ReadyForApprovalAsync();
        var approval = await OnlyTaskAsync(Meg, instance);
        await Tasks.CompleteAsync(approval.Id, User(Meg, ManagerRole), "ChangesRequested", null, "Shelf B", null, CancellationToken.None);

        var reopened = await OnlyTaskAsync(Ann, instance);

        // Opened again on Friday 11:00: one business day (the task's "due") is Monday 11:00, not the approval's 4 hours.
        reopened.CreatedAt.ShouldBe(new DateTimeOffset(2026, 1, 9, 11, 0, 0, TimeSpan.Zero));
        reopened.DueAt.ShouldBe(new DateTimeOffset(2026, 1, 12, 11, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task A_task_reopened_by_changes_requested_is_reminded_like_the_original()
    {
        var instance = await ReadyForApprovalAsync();
        var approval = await OnlyTaskAsync(Meg, instance);
        await Tasks.CompleteAsync(approval.Id, User(Meg, ManagerRole), "ChangesRequested", null, "Shelf B", null, CancellationToken.None);
        var reopened = await OnlyTaskAsync(Ann, instance);

        await _host.AdvanceAsync(TimeSpan.FromDays(4));

        (await RemindersAsync()).Select(r => r.To).ShouldBe([Ann], "the reopened task is Ann's; she is reminded before it is due");
        (await Tasks.GetAsync(reopened.Id, User(Ann, StaffRole), CancellationToken.None)).Status.ShouldBe(HumanTaskStatus.Open);
    }

    [Fact]
    public async Task A_claimed_task_is_reminded_to_its_holder_only()
    {
        var instance = await _host.StartAsync("shelf-check");
        var check = await OnlyTaskAsync(Ann, instance.Id);
        await Tasks.ClaimAsync(check.Id, User(Bob, StaffRole), CancellationToken.None);
        (await Tasks.InboxAsync(User(Ann, StaffRole), HumanTaskStatus.Open, CancellationToken.None)).ShouldBeEmpty();

        await _host.AdvanceAsync(TimeSpan.FromDays(3));

        (await RemindersAsync()).Select(r => r.To).ShouldBe([Bob]);
    }

    [Fact]
    public async Task Live_views_hear_every_task_change_after_it_is_committed_until_they_unsubscribe()
    {
        var heard = new List<(TaskChange Change, HumanTaskStatus? RowStatus)>();
        var notifier = _host.Services.GetRequiredService<TaskChangeNotifier>();
        var subscription = notifier.Subscribe(changes =>
        {
            // What a view reads when it hears the change must already be the committed row.
            foreach (var change in changes)
            {
                var row = change.TaskId is null ? (HumanTaskStatus?)null : TaskStatusNow(change.TaskId);
                heard.Add((change, row));
            }
        });

        var instance = await _host.StartAsync("shelf-check");
        var check = await OnlyTaskAsync(Ann, instance.Id);
        await Tasks.ClaimAsync(check.Id, User(Ann, StaffRole), CancellationToken.None);
        await Tasks.ReleaseAsync(check.Id, User(Ann, StaffRole), CancellationToken.None);
        await Tasks.DelegateAsync(check.Id, User(Ann, StaffRole), Bob, CancellationToken.None);
        await Tasks.CompleteAsync(check.Id, User(Bob, StaffRole), null, new JsonObject { ["shelf"] = "A-3" }, null, null, CancellationToken.None);
        var approval = await OnlyTaskAsync(Meg, instance.Id);
        subscription.Dispose();
        await Tasks.ClaimAsync(approval.Id, User(Meg, ManagerRole), CancellationToken.None);

        heard.Select(h => (h.Change.Kind, h.Change.TaskId, h.RowStatus)).ShouldBe(
        [
            (TaskChangeKind.Opened, check.Id, HumanTaskStatus.Open),
            (TaskChangeKind.Claimed, check.Id, HumanTaskStatus.Open),
            (TaskChangeKind.Released, check.Id, HumanTaskStatus.Open),
            (TaskChangeKind.Delegated, check.Id, HumanTaskStatus.Open),
            (TaskChangeKind.Completed, check.Id, HumanTaskStatus.Completed),
            (TaskChangeKind.Opened, approval.Id, HumanTaskStatus.Open),
        ]);
        heard.ShouldAllBe(h => h.Change.InstanceId == instance.Id);
    }

    [Fact]
    public async Task Finishing_an_instance_is_announced_so_its_closed_tasks_leave_the_inboxes()
    {
        var instance = await _host.StartAsync("shelf-check");
        var heard = new List<TaskChange>();
        using (_host.Services.GetRequiredService<TaskChangeNotifier>().Subscribe(heard.AddRange))
        {
            await _host.Runtime.CancelAsync(instance.Id, "operator", CancellationToken.None);
        }

        heard.ShouldBe([new TaskChange(TaskChangeKind.InstanceFinished, instance.Id, TaskId: null)]);
        (await Tasks.InboxAsync(User(Ann, StaffRole), HumanTaskStatus.Open, CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Of_two_people_claiming_at_once_one_gets_the_task_and_the_other_is_told_who()
    {
        var instance = await _host.StartAsync("shelf-check");
        var check = await OnlyTaskAsync(Ann, instance.Id);

        var claims = new[] { Ann, Bob }.Select(async email =>
        {
            try
            {
                await Tasks.ClaimAsync(check.Id, User(email, StaffRole), CancellationToken.None);
                return (email, Refusal: (TaskOperationException?)null);
            }
            catch (TaskOperationException refused)
            {
                return (email, Refusal: refused);
            }
        });
        var results = await Task.WhenAll(claims);

        var winner = results.Where(r => r.Refusal is null).ShouldHaveSingleItem().email;
        var loser = results.Single(r => r.Refusal is not null).Refusal!;
        loser.Refusal.ShouldBe(TaskRefusal.Conflict);
        loser.Message.ShouldContain(winner);
    }

    /// <summary>Starts shelf-check and has Ann complete the check an hour later (Friday 11:00).</summary>
    private async Task<string> ReadyForApprovalAsync()
    {
        var instance = await _host.StartAsync("shelf-check");
        var check = await OnlyTaskAsync(Ann, instance.Id);
        await _host.AdvanceAsync(TimeSpan.FromHours(1));
        await Tasks.CompleteAsync(check.Id, User(Ann, StaffRole), null, new JsonObject { ["shelf"] = "A-3" }, null, null, CancellationToken.None);
        return instance.Id;
    }

    private async Task<HumanTaskView> OnlyTaskAsync(string email, string instanceId)
    {
        var roles = email == Meg ? new[] { ManagerRole } : [StaffRole];
        return (await Tasks.InboxAsync(User(email, roles), HumanTaskStatus.Open, CancellationToken.None))
            .Where(t => t.InstanceId == instanceId).ShouldHaveSingleItem();
    }

    /// <summary>Reminder e-mails in the outbox (sent or not): one per recipient.</summary>
    private async Task<List<(string To, string Subject)>> RemindersAsync()
    {
        var payloads = await _host.QueryAsync(db => db.Outbox.AsNoTracking()
            .Where(o => o.Kind == EmailPayload.Kind && o.IdempotencyKey.Contains("/task-reminder/"))
            .Select(o => o.PayloadJson).ToListAsync());
        return payloads.Select(EmailPayload.FromJson).Select(p => (p.To.ShouldHaveSingleItem(), p.Subject)).ToList();
    }

    private static ClaimsPrincipal User(string email, params string[] roles)
    {
        var identity = new ClaimsIdentity("Test", ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, email));
        identity.AddClaim(new Claim(ClaimTypes.Email, email));
        foreach (var role in roles)
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, role));
        }

        return new ClaimsPrincipal(identity);
    }

    private HumanTaskStatus TaskStatusNow(string taskId)
    {
        using var db = _host.Services.GetRequiredService<IDbContextFactory<HumanTasksDbContext>>().CreateDbContext();
        return Enum.Parse<HumanTaskStatus>(db.Tasks.AsNoTracking().Single(t => t.Id == taskId).Status);
    }

    /// <summary>A fixed user directory: role → e-mails.</summary>
    private sealed class FixedDirectory(Dictionary<string, string[]> roles) : IUserDirectory
    {
        public Task<IReadOnlyList<string>> GetEmailsInRoleAsync(string role, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<string>>(roles.TryGetValue(role, out var emails) ? emails : []);

        public Task<bool> IsInRoleAsync(string email, string role, CancellationToken cancellationToken) =>
            Task.FromResult(roles.TryGetValue(role, out var emails) && emails.Contains(email));
    }
}
