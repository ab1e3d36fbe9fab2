using System.Text.Json.Nodes;
using Fulfillment.Workflows.Runtime;
using Fulfillment.Workflows.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fulfillment.Workflows.Tests;

/// <summary>Durability contract 4: after a crash at any instant, a restart finishes every instance.</summary>
public sealed class RecoveryTests
{
    private const string PipelineFlow = """
        {
          "schemaVersion": 1, "id": "pipeline", "name": "Pipeline",
          "variables": [ { "name": "steps", "default": [] } ],
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "a", "type": "SetVariable", "inputs": { "name": "steps", "value": { "expr": "steps.concat(['a'])" } } },
            { "id": "notify", "type": "Notify", "inputs": { "text": "picked" } },
            { "id": "b", "type": "SetVariable", "inputs": { "name": "steps", "value": { "expr": "steps.concat(['b'])" } } },
            { "id": "end", "type": "End", "inputs": { "output": { "expr": "steps" } } }
          ],
          "connections": [
            { "from": "start", "to": "a" }, { "from": "a", "to": "notify" }, { "from": "notify", "to": "b" }, { "from": "b", "to": "end" }
          ]
        }
        """;

    private static readonly string[] PipelineActivities = ["start", "a", "notify", "b", "end"];

    private static Task<EngineHost> CreateHostAsync() =>
        EngineHost.CreateAsync(s => s.Configure<WorkflowEngineOptions>(o => o.MaxActivitiesPerBurst = 1));

    [Fact]
    public async Task An_instance_left_running_by_a_crash_is_finished_after_a_restart_with_every_activity_run_once()
    {
        await using var host = await CreateHostAsync();
        await host.PublishAsync(PipelineFlow);

        // One activity per commit: commit 1 holds Start, commit 2 (activity "a") never happens.
        host.Interceptor.FailCommit(2);
        await Should.ThrowAsync<SimulatedCrashException>(() => host.StartAsync("pipeline"));

        var instanceId = (await host.QueryAsync(db => db.Instances.Select(i => i.Id).ToListAsync())).ShouldHaveSingleItem();
        var crashed = await host.GetDetailsAsync(instanceId);
        crashed.Status.ShouldBe(WorkflowStatus.Running);
        crashed.CompletedActivities().ShouldBe(["start"]);

        await host.RestartAsync();
        (await host.Runtime.RecoverAsync(CancellationToken.None)).ShouldBe(1);

        var done = await host.GetDetailsAsync(instanceId);
        done.Status.ShouldBe(WorkflowStatus.Completed);
        done.CompletedActivities().ShouldBe(PipelineActivities);
        done.Output!.ToJsonString().ShouldBe("""["a","b"]""");
        done.Entries(JournalEventKind.InstanceStarted).Count.ShouldBe(1);
        done.Entries(JournalEventKind.InstanceCompleted).Count.ShouldBe(1);
        (await host.QueryAsync(db => db.Outbox.CountAsync())).ShouldBe(1);

        // Nothing left to recover.
        (await host.Runtime.RecoverAsync(CancellationToken.None)).ShouldBe(0);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task A_crash_at_any_commit_is_recovered_without_repeating_or_losing_an_activity(int failingCommit)
    {
        await using var host = await CreateHostAsync();
        await host.PublishAsync(PipelineFlow);

        host.Interceptor.FailCommit(failingCommit);
        await Should.ThrowAsync<SimulatedCrashException>(() => host.StartAsync("pipeline"));
        var instanceId = (await host.QueryAsync(db => db.Instances.Select(i => i.Id).ToListAsync())).ShouldHaveSingleItem();
        (await host.GetDetailsAsync(instanceId)).CompletedActivities().ShouldBe(PipelineActivities.Take(failingCommit - 1));

        await host.RestartAsync();
        await host.Runtime.RecoverAsync(CancellationToken.None);

        var done = await host.GetDetailsAsync(instanceId);
        done.Status.ShouldBe(WorkflowStatus.Completed);
        done.CompletedActivities().ShouldBe(PipelineActivities);
        done.Output!.ToJsonString().ShouldBe("""["a","b"]""");
        (await host.QueryAsync(db => db.Outbox.CountAsync())).ShouldBe(1);
    }

    [Fact]
    public async Task A_crash_before_the_first_commit_leaves_nothing_to_recover()
    {
        await using var host = await CreateHostAsync();
        await host.PublishAsync(PipelineFlow);

        host.Interceptor.FailCommit(1);
        await Should.ThrowAsync<SimulatedCrashException>(() => host.StartAsync("pipeline"));
        await host.RestartAsync();

        (await host.Runtime.RecoverAsync(CancellationToken.None)).ShouldBe(0);
        (await host.QueryAsync(db => db.Instances.CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task A_queued_event_whose_bookmark_was_committed_just_before_a_crash_is_delivered_on_recovery()
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync("""
            {
              "schemaVersion": 1, "id": "early", "name": "Early event",
              "activities": [
                { "id": "start", "type": "Start" },
                { "id": "w", "type": "WaitForEvent", "inputs": { "key": "label:9" }, "outputs": { "payload": "label" } }
              ],
              "connections": [ { "from": "start", "to": "w" } ]
            }
            """);
        (await host.DeliverAsync("label:9", new JsonObject { ["zpl"] = "^XA^XZ" })).Queued.ShouldBeTrue();

        // Commit 1 stores the bookmark; commit 2 would deliver the queued event to it.
        host.Interceptor.FailCommit(2);
        await Should.ThrowAsync<SimulatedCrashException>(() => host.StartAsync("early"));
        var instanceId = (await host.QueryAsync(db => db.Instances.Select(i => i.Id).ToListAsync())).ShouldHaveSingleItem();
        (await host.GetDetailsAsync(instanceId)).Status.ShouldBe(WorkflowStatus.Suspended);
        (await host.QueryAsync(db => db.Stimuli.CountAsync())).ShouldBe(1);

        await host.RestartAsync();
        (await host.Runtime.RecoverAsync(CancellationToken.None)).ShouldBe(1);

        var done = await host.GetDetailsAsync(instanceId);
        done.Status.ShouldBe(WorkflowStatus.Completed);
        done.Variable("label")!["zpl"]!.GetValue<string>().ShouldBe("^XA^XZ");
        done.Entries(JournalEventKind.ActivityResumed, "w").Count.ShouldBe(1);
        (await host.QueryAsync(db => db.Stimuli.CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task A_restarted_host_resumes_a_suspended_instance_from_its_stored_state()
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync("""
            {
              "schemaVersion": 1, "id": "suspended", "name": "Suspended",
              "variables": [ { "name": "count", "default": 40 } ],
              "activities": [
                { "id": "start", "type": "Start" },
                { "id": "inc", "type": "SetVariable", "inputs": { "name": "count", "value": { "expr": "count + 1" } } },
                { "id": "w", "type": "WaitForEvent", "inputs": { "key": "go" } },
                { "id": "inc2", "type": "SetVariable", "inputs": { "name": "count", "value": { "expr": "count + 1" } } }
              ],
              "connections": [ { "from": "start", "to": "inc" }, { "from": "inc", "to": "w" }, { "from": "w", "to": "inc2" } ]
            }
            """);
        var started = await host.StartAsync("suspended");

        await host.RestartAsync();
        (await host.Runtime.RecoverAsync(CancellationToken.None)).ShouldBe(0); // suspended is not "interrupted"
        (await host.DeliverAsync("go")).Resumed.ShouldBe(1);

        var done = await host.GetDetailsAsync(started.Id);
        done.Status.ShouldBe(WorkflowStatus.Completed);
        done.NumberVariable("count").ShouldBe(42);
    }
}
