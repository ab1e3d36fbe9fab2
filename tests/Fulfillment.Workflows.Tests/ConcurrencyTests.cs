using System.Text.Json.Nodes;
using Fulfillment.Workflows.Runtime;
using Fulfillment.Workflows.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Fulfillment.Workflows.Tests;

/// <summary>
/// Durability contract 3: optimistic concurrency on the instance row. Races are made real, not
/// hoped for: <see cref="CommitInterceptor.LineUpTransactions"/> holds each contender at the start
/// of its commit transaction until all of them have read the instance and run the workflow.
/// </summary>
public sealed class ConcurrencyTests
{
    private const string ApprovalFlow = """
        {
          "schemaVersion": 1, "id": "approval", "name": "Approval",
          "variables": [ { "name": "decision", "default": null }, { "name": "count", "default": 0 } ],
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "approve", "type": "WaitForEvent", "inputs": { "key": "approval:1" }, "outputs": { "payload": "decision" } },
            { "id": "count", "type": "SetVariable", "inputs": { "name": "count", "value": { "expr": "count + 1" } } }
          ],
          "connections": [ { "from": "start", "to": "approve" }, { "from": "approve", "to": "count" } ]
        }
        """;

    private const string ForkFlow = """
        {
          "schemaVersion": 1, "id": "fork", "name": "Fork",
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "fork", "type": "Fork" },
            { "id": "a", "type": "WaitForEvent", "inputs": { "key": "branch:a" }, "outputs": { "payload": "fromA" } },
            { "id": "b", "type": "WaitForEvent", "inputs": { "key": "branch:b" }, "outputs": { "payload": "fromB" } },
            { "id": "join", "type": "Join", "inputs": { "mode": "All" } },
            { "id": "end", "type": "End", "inputs": { "output": { "expr": "[fromA.v, fromB.v]" } } }
          ],
          "connections": [
            { "from": "start", "to": "fork" }, { "from": "fork", "to": "a" }, { "from": "fork", "to": "b" },
            { "from": "a", "to": "join" }, { "from": "b", "to": "join" }, { "from": "join", "to": "end" }
          ]
        }
        """;

    [Fact]
    public async Task Two_concurrent_resumes_of_the_same_bookmark_never_both_commit()
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync(ApprovalFlow);
        var started = await host.StartAsync("approval");
        var bookmarkId = (await host.GetDetailsAsync(started.Id)).Bookmarks.Single().Id;

        var (transactions, commits) = (host.Interceptor.TransactionsStarted, host.Interceptor.CommitsSeen);
        host.Interceptor.LineUpTransactions(2);
        var results = await Task.WhenAll(
            Task.Run(() => host.Runtime.ResumeAsync(started.Id, bookmarkId, new JsonObject { ["by"] = "alice" }, "alice", CancellationToken.None)),
            Task.Run(() => host.Runtime.ResumeAsync(started.Id, bookmarkId, new JsonObject { ["by"] = "bob" }, "bob", CancellationToken.None)));

        results.Count(r => r).ShouldBe(1);
        (host.Interceptor.TransactionsStarted - transactions).ShouldBe(2, "both resumes must have reached their commit");
        (host.Interceptor.CommitsSeen - commits).ShouldBe(1, "the revision check must have rejected the loser");
        var winner = results[0] ? "alice" : "bob";
        var details = await host.GetDetailsAsync(started.Id);
        details.Status.ShouldBe(WorkflowStatus.Completed);
        details.NumberVariable("count").ShouldBe(1);
        details.Variable("decision")!["by"]!.GetValue<string>().ShouldBe(winner);
        var resumed = details.Entries(JournalEventKind.ActivityResumed, "approve").ShouldHaveSingleItem();
        resumed.Actor.ShouldBe(winner);
        details.Entries(JournalEventKind.ActivityCompleted, "count").Count.ShouldBe(1);
    }

    [Fact]
    public async Task Two_concurrent_deliveries_of_one_event_resume_its_bookmark_once()
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync(ApprovalFlow);
        var started = await host.StartAsync("approval");

        host.Interceptor.LineUpTransactions(2);
        var results = await Task.WhenAll(
            Task.Run(() => host.DeliverAsync("approval:1", new JsonObject { ["by"] = "first" })),
            Task.Run(() => host.DeliverAsync("approval:1", new JsonObject { ["by"] = "second" })));

        results.Sum(r => r.Resumed).ShouldBe(1);
        var details = await host.GetDetailsAsync(started.Id);
        details.Entries(JournalEventKind.ActivityResumed, "approve").Count.ShouldBe(1);
        details.NumberVariable("count").ShouldBe(1);
    }

    [Fact]
    public async Task Concurrent_resumes_of_two_branches_both_apply_and_the_join_completes()
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync(ForkFlow);
        var started = await host.StartAsync("fork");

        var (transactions, commits) = (host.Interceptor.TransactionsStarted, host.Interceptor.CommitsSeen);
        host.Interceptor.LineUpTransactions(2);
        var results = await Task.WhenAll(
            Task.Run(() => host.DeliverAsync("branch:a", new JsonObject { ["v"] = "A" })),
            Task.Run(() => host.DeliverAsync("branch:b", new JsonObject { ["v"] = "B" })));

        // The loser of the race retries on fresh state instead of overwriting the winner.
        results.ShouldAllBe(r => r.Resumed == 1);
        (host.Interceptor.TransactionsStarted - transactions).ShouldBe(3, "winner, rejected loser, loser's retry");
        (host.Interceptor.CommitsSeen - commits).ShouldBe(2);
        var details = await host.GetDetailsAsync(started.Id);
        details.Status.ShouldBe(WorkflowStatus.Completed);
        details.Output!.ToJsonString().ShouldBe("""["A","B"]""");
        details.Entries(JournalEventKind.ActivityResumed, "a").Count.ShouldBe(1);
        details.Entries(JournalEventKind.ActivityResumed, "b").Count.ShouldBe(1);
        details.Entries(JournalEventKind.ActivityCompleted, "end").Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_second_commit_from_the_same_revision_is_a_conflict_and_changes_nothing()
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync(ApprovalFlow);
        var started = await host.StartAsync("approval");
        var first = (await host.Store.FindAsync(started.Id, CancellationToken.None)).ShouldNotBeNull();
        var second = (await host.Store.FindAsync(started.Id, CancellationToken.None)).ShouldNotBeNull();
        var revision = first.Revision;
        second.Revision.ShouldBe(revision);

        first.State.SetVariable("winner", "first");
        await host.Store.CommitAsync(new InstanceCommit(first, revision, [Note(started.Id, "first")], []), CancellationToken.None);
        first.Revision.ShouldBe(revision + 1);

        second.State.SetVariable("winner", "second");
        second.State.Bookmarks.Clear();
        var outbox = new OutboxMessage(Guid.NewGuid(), "email", "second-commit", "{}", started.Id, host.Clock.GetUtcNow());
        await Should.ThrowAsync<ConcurrencyConflictException>(() =>
            host.Store.CommitAsync(new InstanceCommit(second, revision, [Note(started.Id, "second")], [outbox]), CancellationToken.None));

        // Nothing of the losing commit is stored: not its state, bookmark removal, journal or outbox.
        second.Revision.ShouldBe(revision);
        var stored = (await host.Store.FindAsync(started.Id, CancellationToken.None)).ShouldNotBeNull();
        stored.Revision.ShouldBe(revision + 1);
        stored.State.Variables["winner"]!.GetValue<string>().ShouldBe("first");
        (await host.Store.FindBookmarksAsync("approval:1", CancellationToken.None)).ShouldHaveSingleItem();
        var notes = await host.QueryAsync(db => db.Journal.Where(j => j.Kind == "Note").Select(j => j.Message).ToListAsync());
        notes.ShouldBe(["first"]);
        (await host.QueryAsync(db => db.Outbox.CountAsync())).ShouldBe(0);
    }

    private static JournalEntry Note(string instanceId, string message) =>
        new(instanceId, DateTimeOffset.UnixEpoch, JournalEventKind.Note, "test") { Message = message };
}
