using System.Text.Json.Nodes;
using Fulfillment.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Fulfillment.Workflows.Testing.Tests;

/// <summary>Delay, Timer and timeouts on the virtual clock of <see cref="WorkflowTestHost"/>.</summary>
public sealed class TimerTests : IAsyncLifetime
{
    private WorkflowTestHost _host = null!;

    public async Task InitializeAsync() => _host = await WorkflowTestHost.CreateAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_delay_fires_at_its_virtual_instant_not_before()
    {
        await _host.PublishAsync(Flow("delay", """{ "id": "wait", "type": "Delay", "inputs": { "duration": "P3D" } }"""));
        var started = _host.Clock.GetUtcNow();
        var instance = await _host.StartAsync("delay");

        (await _host.AdvanceAsync(TimeSpan.FromDays(3) - TimeSpan.FromMinutes(1))).TimersFired.ShouldBe(0);
        (await _host.GetDetailsAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Suspended);

        (await _host.AdvanceAsync(TimeSpan.FromMinutes(1))).TimersFired.ShouldBe(1);
        var details = await _host.GetDetailsAsync(instance.Id);
        details.Status.ShouldBe(WorkflowStatus.Completed);
        details.Journal.Single(j => j.Kind == nameof(JournalEventKind.ActivityResumed)).At.ShouldBe(started + TimeSpan.FromDays(3));
    }

    [Fact]
    public async Task A_delay_can_come_from_an_expression()
    {
        await _host.PublishAsync(Flow("hours", """{ "id": "wait", "type": "Delay", "inputs": { "duration": { "expr": "'PT' + hours + 'H'" } } }""", variables: """[{ "name": "hours" }]"""));
        var instance = await _host.StartAsync("hours", new JsonObject { ["hours"] = 5 });

        var bookmark = (await _host.GetDetailsAsync(instance.Id)).Bookmarks.ShouldHaveSingleItem();

        bookmark.DueAt.ShouldBe(_host.Clock.GetUtcNow() + TimeSpan.FromHours(5));
    }

    [Fact]
    public async Task A_timer_waits_until_its_instant_and_a_past_instant_does_not_wait()
    {
        await _host.PublishAsync(Flow("until", """{ "id": "wait", "type": "Timer", "inputs": { "until": { "expr": "input.at" } } }"""));
        var at = _host.Clock.GetUtcNow().AddHours(30);
        var future = await _host.StartAsync("until", new JsonObject { ["at"] = at.ToString("O") });
        var past = await _host.StartAsync("until", new JsonObject { ["at"] = _host.Clock.GetUtcNow().AddDays(-1).ToString("O") });

        past.Status.ShouldBe(WorkflowStatus.Completed);
        future.Status.ShouldBe(WorkflowStatus.Suspended);
        await _host.AdvanceAsync(TimeSpan.FromHours(29));
        (await _host.GetDetailsAsync(future.Id)).Status.ShouldBe(WorkflowStatus.Suspended);
        await _host.AdvanceAsync(TimeSpan.FromHours(1));
        (await _host.GetDetailsAsync(future.Id)).Status.ShouldBe(WorkflowStatus.Completed);
    }

    [Fact]
    public async Task A_wait_with_a_timeout_leaves_by_TimedOut_when_nothing_arrives()
    {
        await _host.PublishAsync(TimeoutFlow);
        var instance = await _host.StartAsync("timeout", new JsonObject { ["order"] = "A-1" });

        await _host.AdvanceAsync(TimeSpan.FromDays(2));

        var details = await _host.GetDetailsAsync(instance.Id);
        details.Status.ShouldBe(WorkflowStatus.Completed);
        details.Variables["result"]!.GetValue<string>().ShouldBe("timed out");
        details.Journal.ShouldContain(j => j.ActivityId == "wait" && j.Outcome == "TimedOut");
    }

    [Fact]
    public async Task An_event_before_the_timeout_wins_and_the_timeout_never_fires()
    {
        await _host.PublishAsync(TimeoutFlow);
        var instance = await _host.StartAsync("timeout", new JsonObject { ["order"] = "A-2" });

        (await _host.DeliverAsync("reply:A-2")).Resumed.ShouldBe(1);

        (await _host.AdvanceAsync(TimeSpan.FromDays(5))).TimersFired.ShouldBe(0);
        var details = await _host.GetDetailsAsync(instance.Id);
        details.Variables["result"]!.GetValue<string>().ShouldBe("answered");
        (await _host.QueryAsync(db => db.Bookmarks.CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task Timers_of_different_instances_fire_in_due_order()
    {
        await _host.PublishAsync(Flow("two-days", """{ "id": "wait", "type": "Delay", "inputs": { "duration": "P2D" } }"""));
        await _host.PublishAsync(Flow("one-day", """{ "id": "wait", "type": "Delay", "inputs": { "duration": "P1D" } }"""));
        var late = await _host.StartAsync("two-days");
        var early = await _host.StartAsync("one-day");

        (await _host.AdvanceAsync(TimeSpan.FromDays(10))).TimersFired.ShouldBe(2);

        var lateAt = (await _host.GetDetailsAsync(late.Id)).Journal.Single(j => j.Kind == nameof(JournalEventKind.ActivityResumed)).At;
        var earlyAt = (await _host.GetDetailsAsync(early.Id)).Journal.Single(j => j.Kind == nameof(JournalEventKind.ActivityResumed)).At;
        earlyAt.ShouldBeLessThan(lateAt);
        (lateAt - earlyAt).ShouldBe(TimeSpan.FromDays(1));
    }

    [Fact]
    public async Task A_polling_loop_of_delays_fires_each_round_at_its_own_time()
    {
        await _host.PublishAsync("""
            {
              "schemaVersion": 1, "id": "poll", "name": "Poll every hour, three times",
              "variables": [ { "name": "polls", "default": 0 } ],
              "activities": [
                { "id": "start", "type": "Start" },
                { "id": "wait", "type": "Delay", "inputs": { "duration": "PT1H" } },
                { "id": "count", "type": "SetVariable", "inputs": { "name": "polls", "value": { "expr": "polls + 1" } } },
                { "id": "again", "type": "Decision", "inputs": { "condition": { "expr": "polls < 3" } } },
                { "id": "end", "type": "End" }
              ],
              "connections": [
                { "from": "start", "to": "wait" }, { "from": "wait", "to": "count" }, { "from": "count", "to": "again" },
                { "from": "again", "outcome": "True", "to": "wait" }, { "from": "again", "outcome": "False", "to": "end" }
              ]
            }
            """);
        var started = _host.Clock.GetUtcNow();
        var instance = await _host.StartAsync("poll");

        (await _host.AdvanceAsync(TimeSpan.FromDays(1))).TimersFired.ShouldBe(3);

        var details = await _host.GetDetailsAsync(instance.Id);
        details.Status.ShouldBe(WorkflowStatus.Completed);
        details.Journal.Where(j => j.Kind == nameof(JournalEventKind.ActivityResumed)).Select(j => j.At)
            .ShouldBe([started.AddHours(1), started.AddHours(2), started.AddHours(3)]);
    }

    [Fact]
    public async Task After_a_restart_every_pending_timer_fires_exactly_once()
    {
        await _host.PublishAsync(Flow("delay", """{ "id": "wait", "type": "Delay", "inputs": { "duration": "P1D" } }"""));
        var instances = new List<WorkflowInstance>();
        for (var i = 0; i < 5; i++)
        {
            instances.Add(await _host.StartAsync("delay"));
        }

        await _host.RestartAsync();
        (await _host.AdvanceAsync(TimeSpan.FromDays(1))).TimersFired.ShouldBe(5);
        (await _host.AdvanceAsync(TimeSpan.FromDays(1))).TimersFired.ShouldBe(0);

        foreach (var instance in instances)
        {
            var details = await _host.GetDetailsAsync(instance.Id);
            details.Status.ShouldBe(WorkflowStatus.Completed);
            details.Journal.Count(j => j.Kind == nameof(JournalEventKind.ActivityResumed)).ShouldBe(1);
        }
    }

    [Fact]
    public async Task Cancelling_an_instance_removes_its_timers()
    {
        await _host.PublishAsync(Flow("delay", """{ "id": "wait", "type": "Delay", "inputs": { "duration": "P1D" } }"""));
        var instance = await _host.StartAsync("delay");

        await _host.Runtime.CancelAsync(instance.Id, WorkflowTestHost.Actor, CancellationToken.None);

        (await _host.QueryAsync(db => db.Bookmarks.CountAsync())).ShouldBe(0);
        (await _host.AdvanceAsync(TimeSpan.FromDays(2))).TimersFired.ShouldBe(0);
        (await _host.GetDetailsAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Cancelled);
    }

    private const string TimeoutFlow = """
        {
          "schemaVersion": 1, "id": "timeout", "name": "Reply or time out",
          "variables": [ { "name": "order" }, { "name": "result" } ],
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "wait", "type": "WaitForEvent", "inputs": { "key": { "expr": "'reply:' + order" }, "timeout": "P1D" } },
            { "id": "answered", "type": "SetVariable", "inputs": { "name": "result", "value": "answered" } },
            { "id": "late", "type": "SetVariable", "inputs": { "name": "result", "value": "timed out" } }
          ],
          "connections": [
            { "from": "start", "to": "wait" },
            { "from": "wait", "to": "answered" },
            { "from": "wait", "outcome": "TimedOut", "to": "late" }
          ]
        }
        """;

    private static string Flow(string id, string middle, string variables = "[]") => $$"""
        {
          "schemaVersion": 1, "id": "{{id}}", "name": "{{id}}", "variables": {{variables}},
          "activities": [ { "id": "start", "type": "Start" }, {{middle}}, { "id": "end", "type": "End" } ],
          "connections": [ { "from": "start", "to": "wait" }, { "from": "wait", "to": "end" } ]
        }
        """;
}
