using Fulfillment.MultiNode.Tests.Infrastructure;
using Fulfillment.Workflows.EntityFrameworkCore;
using Fulfillment.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Fulfillment.MultiNode.Tests;

/// <summary>
/// What several nodes race for in the background is claimed in the database before it runs: a due
/// timer fires on one node, an outbox message is sent by one node, an abandoned instance is taken over
/// by one node. Checked by counting executions, not only commits: a losing burst would count too.
/// </summary>
public sealed class ClaimsOnPostgreSqlTests(PostgreSqlDatabase database) : IClassFixture<PostgreSqlDatabase>
{
    [PostgreSqlFact]
    public async Task Every_due_timer_fires_on_exactly_one_node_when_two_nodes_sweep_at_once()
    {
        await using var cluster = await Cluster.StartAsync(database.ConnectionString, nodes: 2);
        var (a, b) = (cluster[0], cluster[1]);
        await a.PublishAsync(Flows.Timed);
        var ids = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            ids.Add((await cluster[i % 2].StartAsync("timed")).Id);
        }

        var due = Cluster.Start.AddHours(2);
        cluster.SetTime(due);
        var fired = await Task.WhenAll(
            Task.Run(() => a.Runtime.FireDueTimersAsync(due, moveClockTo: null, CancellationToken.None)),
            Task.Run(() => b.Runtime.FireDueTimersAsync(due, moveClockTo: null, CancellationToken.None)));

        fired.Sum().ShouldBe(ids.Count);
        foreach (var id in ids)
        {
            (await a.GetDetailsAsync(id)).Status.ShouldBe(WorkflowStatus.Completed);
            cluster.Counter.Runs(id, "after").ShouldBe(1, $"instance {id} ran after its timer on one node only");
        }
    }

    [PostgreSqlFact]
    public async Task A_timer_claimed_by_a_node_that_died_fires_elsewhere_once_the_claim_has_expired()
    {
        await using var cluster = await Cluster.StartAsync(database.ConnectionString, nodes: 2);
        var (a, b) = (cluster[0], cluster[1]);
        await a.PublishAsync(Flows.Timed);
        var started = await a.StartAsync("timed");
        var due = Cluster.Start.AddHours(2);
        cluster.SetTime(due);
        var timer = (await a.Store().FindDueTimersAsync(due, 100, CancellationToken.None)).Single(t => t.InstanceId == started.Id);

        // Node a claims the timer to fire it, and dies before it commits.
        (await a.Store().TryLockBookmarkAsync(timer.BookmarkId, new NodeLock("node-a", due.AddMinutes(1)), due, CancellationToken.None)).ShouldBeTrue();

        (await b.Runtime.FireTimerAsync(timer, CancellationToken.None)).ShouldBeFalse();
        (await b.Runtime.FireDueTimersAsync(due, moveClockTo: null, CancellationToken.None)).ShouldBe(0);
        (await b.GetDetailsAsync(started.Id)).Status.ShouldBe(WorkflowStatus.Suspended);

        cluster.SetTime(due.AddMinutes(2));
        (await b.Runtime.FireDueTimersAsync(due.AddMinutes(2), moveClockTo: null, CancellationToken.None)).ShouldBe(1);
        var details = await b.GetDetailsAsync(started.Id);
        details.Status.ShouldBe(WorkflowStatus.Completed);
        details.Entries(JournalEventKind.ActivityResumed, "wait").ShouldHaveSingleItem().Node.ShouldBe("node-b");
        cluster.Counter.Runs(started.Id, "after").ShouldBe(1);
    }

    [PostgreSqlFact]
    public async Task Every_outbox_message_is_sent_by_exactly_one_node_when_two_nodes_drain_at_once()
    {
        await using var cluster = await Cluster.StartAsync(database.ConnectionString, nodes: 2);
        var (a, b) = (cluster[0], cluster[1]);
        await a.PublishAsync(Flows.Mailer);
        var keys = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            var started = await cluster[i % 2].StartAsync("mailer");
            keys.Add((await a.Outbox().ListAsync(status: null, take: 1000, CancellationToken.None)).Single(m => m.InstanceId == started.Id).IdempotencyKey);
        }

        var delivered = await Task.WhenAll(
            Task.Run(() => a.DispatchOutboxAsync()),
            Task.Run(() => b.DispatchOutboxAsync()));

        delivered.Sum().ShouldBe(keys.Count);
        foreach (var key in keys)
        {
            cluster.Receiver.Deliveries.GetValueOrDefault(key).ShouldBe(1, $"message {key} was sent once");
        }

        var rows = (await a.Outbox().ListAsync(status: null, take: 1000, CancellationToken.None)).Where(m => keys.Contains(m.IdempotencyKey)).ToList();
        rows.ShouldAllBe(m => m.Status == OutboxStatus.Dispatched && m.Attempts == 1);
    }

    [PostgreSqlFact]
    public async Task An_instance_a_dead_node_left_running_is_taken_over_by_one_survivor_after_its_lock_expires()
    {
        // One activity per burst on node a, whose second commit "crashes": the instance stays Running, locked by a.
        await using var cluster = await Cluster.StartAsync(database.ConnectionString, nodes: 3,
            (index, options) => options.MaxActivitiesPerBurst = index == 0 ? 1 : 500);
        var a = cluster[0];
        await a.PublishAsync(Flows.Pipeline);
        cluster.Gate.CrashAtCommit(2);
        await Should.ThrowAsync<SimulatedCrashException>(() => a.StartAsync("pipeline", correlationId: "dead-node"));
        var instanceId = await a.QueryAsync(db => db.Instances.Where(i => i.CorrelationId == "dead-node").Select(i => i.Id).SingleAsync());
        (await a.GetDetailsAsync(instanceId)).Status.ShouldBe(WorkflowStatus.Running);

        // While a's lock holds, nobody takes the instance.
        var early = await Task.WhenAll(cluster[1].Runtime.RecoverAbandonedAsync(CancellationToken.None), cluster[2].Runtime.RecoverAbandonedAsync(CancellationToken.None));
        early.Sum().ShouldBe(0);

        cluster.SetTime(Cluster.Start.AddMinutes(2));
        var recovered = await Task.WhenAll(
            Task.Run(() => cluster[1].Runtime.RecoverAbandonedAsync(CancellationToken.None)),
            Task.Run(() => cluster[2].Runtime.RecoverAbandonedAsync(CancellationToken.None)));

        recovered.Sum().ShouldBe(1);
        var details = await a.GetDetailsAsync(instanceId);
        details.Status.ShouldBe(WorkflowStatus.Completed);
        // Step a ran in the burst that died with node a, then once more on the survivor; b and c once.
        cluster.Counter.Runs(instanceId, "a").ShouldBe(2);
        cluster.Counter.Runs(instanceId, "b").ShouldBe(1);
        cluster.Counter.Runs(instanceId, "c").ShouldBe(1);

        details.Entries(JournalEventKind.InstanceStarted).ShouldHaveSingleItem().Node.ShouldBe("node-a");
        details.Entries(JournalEventKind.ActivityCompleted, "c").ShouldHaveSingleItem().Node.ShouldBeOneOf("node-b", "node-c");
    }

    [PostgreSqlFact]
    public async Task A_restarted_node_takes_back_its_own_locks_at_once()
    {
        await using var cluster = await Cluster.StartAsync(database.ConnectionString, nodes: 1, (_, options) => options.MaxActivitiesPerBurst = 1);
        var a = cluster[0];
        await a.PublishAsync(Flows.Pipeline);
        cluster.Gate.CrashAtCommit(3);
        await Should.ThrowAsync<SimulatedCrashException>(() => a.StartAsync("pipeline", correlationId: "restarted-node"));
        var instanceId = await a.QueryAsync(db => db.Instances.Where(i => i.CorrelationId == "restarted-node").Select(i => i.Id).SingleAsync());

        // Same node name, clock unmoved: its lock has not expired, and it is released at start-up instead.
        await a.RestartAsync();

        (await a.GetDetailsAsync(instanceId)).Status.ShouldBe(WorkflowStatus.Completed);
        cluster.Counter.Runs(instanceId, "b").ShouldBe(2, "once in the burst that crashed, once after the restart");
        cluster.Counter.Runs(instanceId, "c").ShouldBe(1);
    }
}
