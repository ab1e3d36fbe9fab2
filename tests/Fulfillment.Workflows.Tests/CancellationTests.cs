using System.Text.Json.Nodes;
using Fulfillment.Workflows.Runtime;
using Fulfillment.Workflows.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fulfillment.Workflows.Tests;

public sealed class CancellationTests
{
    private const string ReturnFlow = """
        {
          "schemaVersion": 1, "id": "return", "name": "Return",
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "fork", "type": "Fork" },
            { "id": "parcel", "type": "WaitForEvent", "inputs": { "key": "return:42/parcel" } },
            { "id": "refund", "type": "WaitForEvent", "inputs": { "key": "return:42/refund" } },
            { "id": "after", "type": "SetVariable", "inputs": { "name": "resumedAfterCancel", "value": true } }
          ],
          "connections": [
            { "from": "start", "to": "fork" }, { "from": "fork", "to": "parcel" }, { "from": "fork", "to": "refund" },
            { "from": "parcel", "to": "after" }, { "from": "refund", "to": "after" }
          ]
        }
        """;

    [Fact]
    public async Task Cancelling_a_suspended_instance_drops_its_waits_and_later_events_resume_nothing()
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync(ReturnFlow);
        var started = await host.StartAsync("return");
        (await host.GetDetailsAsync(started.Id)).Bookmarks.Count.ShouldBe(2);

        await host.Runtime.CancelAsync(started.Id, "operator", CancellationToken.None);

        var cancelled = await host.GetDetailsAsync(started.Id);
        cancelled.Status.ShouldBe(WorkflowStatus.Cancelled);
        cancelled.Bookmarks.ShouldBeEmpty();
        cancelled.Entries(JournalEventKind.InstanceCancelled).ShouldHaveSingleItem().Actor.ShouldBe("operator");
        (await host.Store.FindBookmarksAsync("return:42/parcel", CancellationToken.None)).ShouldBeEmpty();
        (await host.Store.FindBookmarksAsync("return:42/refund", CancellationToken.None)).ShouldBeEmpty();

        (await host.DeliverAsync("return:42/parcel", new JsonObject { ["ok"] = true })).Resumed.ShouldBe(0);

        var later = await host.GetDetailsAsync(started.Id);
        later.Status.ShouldBe(WorkflowStatus.Cancelled);
        later.Variables.ContainsKey("resumedAfterCancel").ShouldBeFalse();
        later.Entries(JournalEventKind.ActivityResumed).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_stale_bookmark_id_of_a_cancelled_instance_resumes_nothing()
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync(ReturnFlow);
        var started = await host.StartAsync("return");
        var bookmarkId = (await host.GetDetailsAsync(started.Id)).Bookmarks[0].Id;
        await host.Runtime.CancelAsync(started.Id, "operator", CancellationToken.None);

        (await host.Runtime.ResumeAsync(started.Id, bookmarkId, null, EngineHost.Actor, CancellationToken.None)).ShouldBeFalse();

        (await host.GetDetailsAsync(started.Id)).Status.ShouldBe(WorkflowStatus.Cancelled);
    }

    [Fact]
    public async Task Cancelling_a_completed_instance_is_refused()
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync(ReturnFlow);
        var started = await host.StartAsync("return");
        await host.DeliverAsync("return:42/parcel");
        await host.DeliverAsync("return:42/refund");
        (await host.GetDetailsAsync(started.Id)).Status.ShouldBe(WorkflowStatus.Completed);

        await Should.ThrowAsync<InvalidInstanceStateException>(() => host.Runtime.CancelAsync(started.Id, "operator", CancellationToken.None));

        var details = await host.GetDetailsAsync(started.Id);
        details.Status.ShouldBe(WorkflowStatus.Completed);
        details.Entries(JournalEventKind.InstanceCancelled).ShouldBeEmpty();
    }

    [Fact]
    public async Task Cancelling_twice_is_refused_and_cancelling_an_unknown_instance_is_not_found()
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync(ReturnFlow);
        var started = await host.StartAsync("return");
        await host.Runtime.CancelAsync(started.Id, "operator", CancellationToken.None);

        await Should.ThrowAsync<InvalidInstanceStateException>(() => host.Runtime.CancelAsync(started.Id, "operator", CancellationToken.None));
        await Should.ThrowAsync<InstanceNotFoundException>(() => host.Runtime.CancelAsync("missing", "operator", CancellationToken.None));
    }

    [Fact]
    public async Task A_faulted_instance_can_be_cancelled_and_then_no_longer_retried()
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync("""
            {
              "schemaVersion": 1, "id": "flaky", "name": "Flaky",
              "activities": [ { "id": "start", "type": "Start" }, { "id": "print", "type": "Flaky" } ],
              "connections": [ { "from": "start", "to": "print" } ]
            }
            """);
        var started = await host.StartAsync("flaky");
        started.Status.ShouldBe(WorkflowStatus.Faulted);

        await host.Runtime.CancelAsync(started.Id, "operator", CancellationToken.None);

        var details = await host.GetDetailsAsync(started.Id);
        details.Status.ShouldBe(WorkflowStatus.Cancelled);
        details.Incident.ShouldBeNull();
        host.Services.GetRequiredService<FlakySwitch>().Broken = false;
        await Should.ThrowAsync<InvalidInstanceStateException>(() => host.Runtime.RetryAsync(started.Id, "operator", CancellationToken.None));
    }
}
