using System.Text.Json.Nodes;
using Fulfillment.Workflows.Runtime;
using Fulfillment.Workflows.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Fulfillment.Workflows.Tests;

/// <summary>Durability contract 1: a burst's state, bookmarks, journal and outbox commit together or not at all.</summary>
public sealed class CommitFailureTests
{
    private const string PaymentFlow = """
        {
          "schemaVersion": 1, "id": "payment", "name": "Payment",
          "variables": [ { "name": "evt", "default": null } ],
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "w", "type": "WaitForEvent", "inputs": { "key": "pay:1" }, "outputs": { "payload": "evt" } },
            { "id": "notify", "type": "Notify", "inputs": { "text": { "expr": "'paid ' + evt.amount" } } },
            { "id": "end", "type": "End" }
          ],
          "connections": [ { "from": "start", "to": "w" }, { "from": "w", "to": "notify" }, { "from": "notify", "to": "end" } ]
        }
        """;

    private sealed record Snapshot(WorkflowStatus Status, long Revision, string StateJson, string[] BookmarkIds, int JournalRows, int OutboxRows, int BookmarkRows);

    private static async Task<Snapshot> TakeSnapshotAsync(EngineHost host, string instanceId)
    {
        var instance = (await host.Store.FindAsync(instanceId, CancellationToken.None)).ShouldNotBeNull();
        return await host.QueryAsync(async db => new Snapshot(
            instance.Status,
            instance.Revision,
            (await db.Instances.AsNoTracking().SingleAsync(i => i.Id == instanceId)).StateJson,
            instance.State.Bookmarks.Select(b => b.Id).ToArray(),
            await db.Journal.CountAsync(j => j.InstanceId == instanceId),
            await db.Outbox.CountAsync(),
            await db.Bookmarks.CountAsync(b => b.InstanceId == instanceId)));
    }

    private static void ShouldBeUnchanged(Snapshot after, Snapshot before)
    {
        after.Status.ShouldBe(before.Status);
        after.Revision.ShouldBe(before.Revision);
        after.StateJson.ShouldBe(before.StateJson);
        after.BookmarkIds.ShouldBe(before.BookmarkIds);
        after.BookmarkRows.ShouldBe(before.BookmarkRows);
        after.JournalRows.ShouldBe(before.JournalRows);
        after.OutboxRows.ShouldBe(before.OutboxRows);
    }

    [Fact]
    public async Task A_commit_that_fails_leaves_the_stored_instance_exactly_as_it_was_and_a_redelivery_completes_it_once()
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync(PaymentFlow);
        var started = await host.StartAsync("payment");
        var before = await TakeSnapshotAsync(host, started.Id);
        before.Status.ShouldBe(WorkflowStatus.Suspended);
        before.BookmarkRows.ShouldBe(1);
        before.OutboxRows.ShouldBe(0);

        host.Interceptor.FailCommit();
        await Should.ThrowAsync<SimulatedCrashException>(() => host.DeliverAsync("pay:1", new JsonObject { ["amount"] = 25 }));

        ShouldBeUnchanged(await TakeSnapshotAsync(host, started.Id), before);
        (await host.Store.FindBookmarksAsync("pay:1", CancellationToken.None)).ShouldHaveSingleItem().BookmarkId.ShouldBe(before.BookmarkIds.Single());

        host.Interceptor.Disarm();
        (await host.DeliverAsync("pay:1", new JsonObject { ["amount"] = 25 })).Resumed.ShouldBe(1);

        var done = await host.GetDetailsAsync(started.Id);
        done.Status.ShouldBe(WorkflowStatus.Completed);
        done.Entries(JournalEventKind.ActivityResumed, "w").Count.ShouldBe(1);
        done.Entries(JournalEventKind.ActivityCompleted, "notify").Count.ShouldBe(1);
        done.Entries(JournalEventKind.InstanceCompleted).Count.ShouldBe(1);
        var outbox = await host.QueryAsync(db => db.Outbox.AsNoTracking().ToListAsync());
        var message = outbox.ShouldHaveSingleItem();
        message.IdempotencyKey.ShouldBe($"{started.Id}/notify");
        JsonNode.Parse(message.PayloadJson)!["text"]!.GetValue<string>().ShouldBe("paid 25");

        // The bookmark is gone for good: a further event on the key resumes nothing.
        (await host.DeliverAsync("pay:1", new JsonObject { ["amount"] = 25 })).Resumed.ShouldBe(0);
        (await host.GetDetailsAsync(started.Id)).Entries(JournalEventKind.ActivityResumed).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_start_whose_first_commit_fails_leaves_no_instance_behind()
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync(PaymentFlow);

        host.Interceptor.FailCommit();
        await Should.ThrowAsync<SimulatedCrashException>(() => host.StartAsync("payment"));

        (await host.QueryAsync(db => db.Instances.CountAsync())).ShouldBe(0);
        (await host.QueryAsync(db => db.Journal.CountAsync())).ShouldBe(0);
        (await host.Store.FindBookmarksAsync("pay:1", CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_failed_cancel_leaves_the_instance_waiting()
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync(PaymentFlow);
        var started = await host.StartAsync("payment");
        var before = await TakeSnapshotAsync(host, started.Id);

        host.Interceptor.FailCommit();
        await Should.ThrowAsync<SimulatedCrashException>(() => host.Runtime.CancelAsync(started.Id, EngineHost.Actor, CancellationToken.None));

        ShouldBeUnchanged(await TakeSnapshotAsync(host, started.Id), before);
        (await host.DeliverAsync("pay:1", new JsonObject { ["amount"] = 1 })).Resumed.ShouldBe(1);
    }
}
