using System.Text.Json.Nodes;
using Fulfillment.Workflows.Runtime;
using Fulfillment.Workflows.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fulfillment.Workflows.Tests;

public sealed class LoopTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public async Task A_reject_rework_cycle_runs_exactly_as_often_as_the_decision_sends_it_back(int maxAttempts)
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync("""
            {
              "schemaVersion": 1, "id": "rework", "name": "Reject and rework",
              "variables": [ { "name": "attempts", "default": 0 }, { "name": "maxAttempts", "default": 3 } ],
              "activities": [
                { "id": "start", "type": "Start" },
                { "id": "rework", "type": "SetVariable", "inputs": { "name": "attempts", "value": { "expr": "attempts + 1" } } },
                { "id": "review", "type": "Decision", "inputs": { "condition": { "expr": "attempts < maxAttempts" } } },
                { "id": "end", "type": "End", "inputs": { "output": { "expr": "attempts" } } }
              ],
              "connections": [
                { "from": "start", "to": "rework" },
                { "from": "rework", "to": "review" },
                { "from": "review", "outcome": "True", "to": "rework" },
                { "from": "review", "outcome": "False", "to": "end" }
              ]
            }
            """);

        var started = await host.StartAsync("rework", new JsonObject { ["maxAttempts"] = maxAttempts });

        var details = await host.GetDetailsAsync(started.Id);
        details.Status.ShouldBe(WorkflowStatus.Completed);
        details.NumberVariable("attempts").ShouldBe(maxAttempts);
        details.Output!.GetValue<double>().ShouldBe(maxAttempts);
        details.Entries(JournalEventKind.ActivityCompleted, "rework").Count.ShouldBe(maxAttempts);
        var reviews = details.Entries(JournalEventKind.ActivityCompleted, "review").Select(j => j.Outcome).ToList();
        reviews.ShouldBe([.. Enumerable.Repeat("True", maxAttempts - 1), "False"]);
        details.Entries(JournalEventKind.ActivityCompleted, "end").Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_WaitForEvent_inside_a_loop_can_be_resumed_again_on_every_round()
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync("""
            {
              "schemaVersion": 1, "id": "review-loop", "name": "Review until approved",
              "variables": [ { "name": "orderId", "default": 0 }, { "name": "rounds", "default": 0 }, { "name": "verdict", "default": null } ],
              "activities": [
                { "id": "start", "type": "Start" },
                { "id": "wait", "type": "WaitForEvent", "inputs": { "key": { "expr": "'review:' + orderId" } }, "outputs": { "payload": "verdict" } },
                { "id": "count", "type": "SetVariable", "inputs": { "name": "rounds", "value": { "expr": "rounds + 1" } } },
                { "id": "approved", "type": "Decision", "inputs": { "condition": { "expr": "verdict.approved" } } },
                { "id": "end", "type": "End", "inputs": { "output": { "expr": "({ rounds: rounds, by: verdict.by })" } } }
              ],
              "connections": [
                { "from": "start", "to": "wait" },
                { "from": "wait", "to": "count" },
                { "from": "count", "to": "approved" },
                { "from": "approved", "outcome": "False", "to": "wait" },
                { "from": "approved", "outcome": "True", "to": "end" }
              ]
            }
            """);
        var started = await host.StartAsync("review-loop", new JsonObject { ["orderId"] = 7 });

        for (var round = 1; round <= 3; round++)
        {
            (await host.DeliverAsync("review:7", new JsonObject { ["approved"] = false })).Resumed.ShouldBe(1);
            var details = await host.GetDetailsAsync(started.Id);
            details.Status.ShouldBe(WorkflowStatus.Suspended);
            details.NumberVariable("rounds").ShouldBe(round);
            details.Bookmarks.ShouldHaveSingleItem().Key.ShouldBe("review:7");
        }

        (await host.DeliverAsync("review:7", new JsonObject { ["approved"] = true, ["by"] = "qa" })).Resumed.ShouldBe(1);

        var done = await host.GetDetailsAsync(started.Id);
        done.Status.ShouldBe(WorkflowStatus.Completed);
        done.Output!.ToJsonString().ShouldBe("""{"rounds":4,"by":"qa"}""");
        done.Entries(JournalEventKind.ActivityResumed, "wait").Count.ShouldBe(4);
        done.Entries(JournalEventKind.ActivitySuspended, "wait").Count.ShouldBe(4);
        done.Bookmarks.ShouldBeEmpty();
        (await host.DeliverAsync("review:7", new JsonObject { ["approved"] = true })).Resumed.ShouldBe(0);
    }

    [Fact]
    public async Task A_long_loop_spanning_several_bursts_still_counts_every_iteration_once()
    {
        // MaxActivitiesPerBurst makes the runtime commit and continue; the loop must not notice.
        await using var host = await EngineHost.CreateAsync(s => s.Configure<WorkflowEngineOptions>(o => o.MaxActivitiesPerBurst = 7));
        await host.PublishAsync("""
            {
              "schemaVersion": 1, "id": "long-loop", "name": "Long loop",
              "variables": [ { "name": "i", "default": 0 } ],
              "activities": [
                { "id": "start", "type": "Start" },
                { "id": "inc", "type": "SetVariable", "inputs": { "name": "i", "value": { "expr": "i + 1" } } },
                { "id": "more", "type": "Decision", "inputs": { "condition": { "expr": "i < 50" } } }
              ],
              "connections": [
                { "from": "start", "to": "inc" }, { "from": "inc", "to": "more" }, { "from": "more", "outcome": "True", "to": "inc" }
              ]
            }
            """);

        var started = await host.StartAsync("long-loop");

        var details = await host.GetDetailsAsync(started.Id);
        details.Status.ShouldBe(WorkflowStatus.Completed);
        details.NumberVariable("i").ShouldBe(50);
        details.Entries(JournalEventKind.ActivityCompleted, "inc").Count.ShouldBe(50);
        details.Entries(JournalEventKind.InstanceCompleted).Count.ShouldBe(1);
    }

    // Found by the fuzzer: a connection from an activity back to one before it, with no wait in the
    // loop, made POST /api/workflows/{id}/instances never answer while the instance committed bursts forever.
    [Fact]
    public async Task A_loop_that_never_waits_faults_its_instance_after_the_run_limit_and_a_retry_runs_it_again()
    {
        await using var host = await EngineHost.CreateAsync(s => s.Configure<WorkflowEngineOptions>(o =>
        {
            o.MaxActivitiesPerBurst = 7;
            o.MaxActivitiesPerRun = 50;
        }));
        await host.PublishAsync("""
            {
              "schemaVersion": 1, "id": "runaway", "name": "Runaway",
              "variables": [ { "name": "i", "default": 0 } ],
              "activities": [
                { "id": "start", "type": "Start" },
                { "id": "inc", "type": "SetVariable", "inputs": { "name": "i", "value": { "expr": "i + 1" } } },
                { "id": "again", "type": "Decision", "inputs": { "condition": true } }
              ],
              "connections": [
                { "from": "start", "to": "inc" }, { "from": "inc", "to": "again" }, { "from": "again", "outcome": "True", "to": "inc" }
              ]
            }
            """);

        var started = await host.StartAsync("runaway");

        started.Status.ShouldBe(WorkflowStatus.Faulted);
        var faulted = await host.GetDetailsAsync(started.Id);
        faulted.Incident.ShouldNotBeNull();
        faulted.Incident.Message.ShouldContain("without waiting");
        var firstRun = faulted.NumberVariable("i");
        firstRun.ShouldBeInRange(25, 50); // half the activities are the increments
        faulted.Entries(JournalEventKind.InstanceFaulted).ShouldHaveSingleItem();

        await host.Runtime.RetryAsync(started.Id, EngineHost.Actor, CancellationToken.None);

        var retried = await host.GetDetailsAsync(started.Id);
        retried.Status.ShouldBe(WorkflowStatus.Faulted);
        retried.NumberVariable("i").ShouldBeGreaterThan(firstRun); // went on from where it stopped
        retried.Entries(JournalEventKind.InstanceFaulted).Count.ShouldBe(2);

        await host.Runtime.CancelAsync(started.Id, EngineHost.Actor, CancellationToken.None);
        (await host.GetDetailsAsync(started.Id)).Status.ShouldBe(WorkflowStatus.Cancelled);
    }
}
