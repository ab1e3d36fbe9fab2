using System.Text.Json.Nodes;
using Fulfillment.MultiNode.Tests.Infrastructure;
using Fulfillment.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Fulfillment.MultiNode.Tests;

/// <summary>
/// Durability contract 3 on PostgreSQL, between two nodes: the revision on the instance row is a real
/// concurrency token there too, and an event racing its bookmark's commit on another node is never lost.
/// </summary>
public sealed class ConcurrencyOnPostgreSqlTests(PostgreSqlDatabase database) : IClassFixture<PostgreSqlDatabase>
{
    [PostgreSqlFact]
    public async Task A_commit_from_a_revision_another_node_already_committed_is_a_conflict_and_stores_nothing()
    {
        await using var cluster = await Cluster.StartAsync(database.ConnectionString, nodes: 2);
        var (a, b) = (cluster[0], cluster[1]);
        await a.PublishAsync(Flows.Waiter);
        var started = await a.StartAsync("waiter", new JsonObject { ["key"] = "stale" });

        var first = (await a.Store().FindAsync(started.Id, CancellationToken.None)).ShouldNotBeNull();
        var second = (await b.Store().FindAsync(started.Id, CancellationToken.None)).ShouldNotBeNull();
        var revision = first.Revision;
        first.State.SetVariable("winner", "a");
        await a.Store().CommitAsync(new InstanceCommit(first, revision, [Note(started.Id, "from a")], []), CancellationToken.None);

        second.State.SetVariable("winner", "b");
        second.State.Bookmarks.Clear();
        var message = new OutboxMessage(Guid.NewGuid(), CountingOutboxHandler.MessageKind, "stale-commit", "{}", started.Id, Cluster.Start);
        await Should.ThrowAsync<ConcurrencyConflictException>(() =>
            b.Store().CommitAsync(new InstanceCommit(second, revision, [Note(started.Id, "from b")], [message]), CancellationToken.None));

        var stored = await b.GetDetailsAsync(started.Id);
        stored.Variables["winner"]!.GetValue<string>().ShouldBe("a");
        stored.Bookmarks.ShouldHaveSingleItem().Key.ShouldBe("go:stale");
        stored.Entries(JournalEventKind.Note).Select(j => j.Message).ShouldBe(["from a"]);
        (await b.Outbox().ListAsync(status: null, take: 100, CancellationToken.None)).ShouldNotContain(m => m.IdempotencyKey == "stale-commit");
    }

    [PostgreSqlFact]
    public async Task Two_nodes_resuming_one_bookmark_at_the_same_instant_resume_it_once()
    {
        await using var cluster = await Cluster.StartAsync(database.ConnectionString, nodes: 2);
        var (a, b) = (cluster[0], cluster[1]);
        await a.PublishAsync(Flows.Waiter);

        for (var round = 0; round < 5; round++)
        {
            var started = await a.StartAsync("waiter", new JsonObject { ["key"] = $"twice-{round}" });
            var bookmark = (await a.GetDetailsAsync(started.Id)).Bookmarks.Single();

            // Both read the instance, both run the step, both reach their commit; the revision check decides.
            cluster.Gate.LineUp(2);
            var results = await Task.WhenAll(
                Task.Run(() => a.Runtime.ResumeAsync(started.Id, bookmark.Id, new JsonObject { ["by"] = "a" }, "a", CancellationToken.None)),
                Task.Run(() => b.Runtime.ResumeAsync(started.Id, bookmark.Id, new JsonObject { ["by"] = "b" }, "b", CancellationToken.None)));

            results.Count(resumed => resumed).ShouldBe(1);
            cluster.Counter.Runs(started.Id, "after").ShouldBe(2, "both nodes ran the burst: the race was real");
            var details = await a.GetDetailsAsync(started.Id);
            details.Status.ShouldBe(WorkflowStatus.Completed);
            details.Entries(JournalEventKind.ActivityResumed, "wait").ShouldHaveSingleItem();
            details.Entries(JournalEventKind.ActivityCompleted, "after").ShouldHaveSingleItem();
        }
    }

    [PostgreSqlFact]
    public async Task An_event_sent_to_one_node_while_another_commits_its_bookmark_is_delivered_every_time()
    {
        await using var cluster = await Cluster.StartAsync(database.ConnectionString, nodes: 2);
        var (a, b) = (cluster[0], cluster[1]);
        await a.PublishAsync(Flows.Waiter);

        var ids = new List<string>();
        for (var round = 0; round < 20; round++)
        {
            // Node a commits the wait on go:race-n while node b queues the event for it: both transactions
            // start together, so without a lock on the key each would miss the other's uncommitted row.
            cluster.Gate.LineUp(2);
            var start = Task.Run(() => a.StartAsync("waiter", new JsonObject { ["key"] = $"race-{round}" }));
            var send = Task.Run(() => b.DeliverAsync($"go:race-{round}", new JsonObject { ["round"] = round }));
            await Task.WhenAll(start, send);
            ids.Add((await start).Id);
        }

        foreach (var id in ids)
        {
            var details = await a.GetDetailsAsync(id);
            details.Status.ShouldBe(WorkflowStatus.Completed, $"instance {id} must have got its event");
            details.Entries(JournalEventKind.ActivityResumed, "wait").ShouldHaveSingleItem();
            cluster.Counter.Runs(id, "after").ShouldBe(1);
        }

        (await a.QueryAsync(db => db.Stimuli.CountAsync())).ShouldBe(0);
    }

    private static JournalEntry Note(string instanceId, string message) =>
        new(instanceId, Cluster.Start, JournalEventKind.Note, "test") { Message = message };
}
