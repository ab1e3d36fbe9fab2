using System.Diagnostics;
using Fulfillment.MultiNode.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Fulfillment.MultiNode.Tests;

/// <summary>
/// Two real server processes on one PostgreSQL share the work; one is killed (SIGKILL) mid-run and the
/// other finishes everything. 500 orders are placed through <c>POST /api/orders</c>, alternately on both
/// nodes; each order's workflow reserves stock, waits on a timer, e-mails the customer (maildev), waits
/// for a go-ahead that the test sends through the other node, commits the stock and completes the order.
/// The journal, which records the node of every entry, shows that no instance ever ran on two nodes at once.
/// </summary>
[Collection(ServerProcesses.Name)]
public sealed class MultiNodeServerTests(PostgreSqlDatabase database, ITestOutputHelper output) : IClassFixture<PostgreSqlDatabase>, IAsyncLifetime
{
    private const int Orders = 500;
    private const string Password = "Demo!2345";
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(240);
    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(300);

    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("fulfillment-multinode-").FullName;
    private readonly List<ServerNode> _nodes = [];
    private readonly OrderRun _run = new(Guid.NewGuid().ToString("N")[..8], Orders);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            output.WriteLine($"--- {node.Name} ({(node.HasExited ? "stopped" : "running")}), last lines of {node.LogPath}:");
            output.WriteLine(node.Tail(25));
            await node.DisposeAsync();
        }

        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing the test for.
        }
    }

    [PostgreSqlFact]
    public async Task Two_nodes_share_500_orders_and_the_survivor_finishes_everything_after_the_other_is_killed()
    {
        using var maildev = new MaildevInbox();
        var watch = Stopwatch.StartNew();
        var (a, b) = await StartNodesAsync(maildev.SmtpPort);
        output.WriteLine($"both nodes healthy after {watch.Elapsed}");

        // One sign-in works on both nodes: the Data Protection key ring is in the shared database.
        var token = await a.LoginAsync("admin@demo.local", Password);
        using var onA = a.Client(token);
        using var onB = b.Client(token);
        await _run.StockUpAsync(onB);

        // Placed alternately on both nodes.
        await Parallel.ForEachAsync(Enumerable.Range(0, Orders), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            await _run.PlaceAsync(i % 2 == 0 ? onA : onB, i, ct));
        output.WriteLine($"{Orders} orders placed after {watch.Elapsed}");

        // A customer's e-mail arriving means the order's wait is committed: send its go-ahead to the other
        // node. A third of the way through, node a is killed; from then on everything goes to node b.
        var clock = Stopwatch.StartNew();
        var sent = new HashSet<int>();
        var killedAfter = -1;
        while (sent.Count < Orders)
        {
            clock.Elapsed.ShouldBeLessThan(RunLimit, $"only {sent.Count} of {Orders} orders reached their wait");
            var arrived = (await _run.MailedAsync(maildev)).Where(i => !sent.Contains(i)).ToList();
            foreach (var i in arrived)
            {
                if (killedAfter < 0 && sent.Count >= Orders / 3)
                {
                    a.Kill();
                    killedAfter = sent.Count;
                    output.WriteLine($"killed {a.Name} after {killedAfter} go-aheads, at {clock.Elapsed}");
                }

                await SendGoAheadAsync(a.HasExited || i % 2 == 0 ? onB : onA, onB, i);
                sent.Add(i);
            }

            if (arrived.Count == 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250));
            }
        }

        killedAfter.ShouldBeGreaterThan(0, "node a must have been killed mid-run");

        // Everything completes on the survivor.
        while (await _run.CountCompletedAsync(onB) < Orders)
        {
            clock.Elapsed.ShouldBeLessThan(RunLimit, $"{await _run.CountCompletedAsync(onB)} of {Orders} orders completed");
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        output.WriteLine($"all {Orders} orders completed after {clock.Elapsed} ({watch.Elapsed} in all)");
        await _run.AssertOrdersAndStockAsync(onB);
        var repeated = await _run.AssertOneEmailPerCustomerAsync(maildev, onB);
        output.WriteLine($"{repeated} e-mail(s) delivered again after a takeover (same Message-Id)");
        AssertNoInstanceRanOnTwoNodesAtOnce(await _run.AssertJournalsAsync(onB), a.Name, b.Name);
    }

    private async Task<(ServerNode A, ServerNode B)> StartNodesAsync(int smtpPort)
    {
        var settings = await OrderRun.SettingsAsync(_directory);
        settings["Fulfillment__Database__Provider"] = "PostgreSql";
        settings["ConnectionStrings__Fulfillment"] = database.ConnectionString + ";Maximum Pool Size=40";
        settings["Fulfillment__Email__Smtp__Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // Take over a dead node's work within seconds, not the production minute.
        settings["Fulfillment__Engine__LockDuration"] = "00:00:05";
        settings["Fulfillment__Outbox__Lease"] = "00:00:05";
        settings["Fulfillment__Scheduler__SweepCron"] = "*/2 * * * * *";

        var a = ServerNode.Start("node-a", Path.Combine(_directory, "a"), settings);
        _nodes.Add(a);
        var b = ServerNode.Start("node-b", Path.Combine(_directory, "b"), settings);
        _nodes.Add(b);
        await Task.WhenAll(a.WaitUntilHealthyAsync(StartLimit), b.WaitUntilHealthyAsync(StartLimit));
        return (a, b);
    }

    /// <summary>Sends order <paramref name="i"/>'s go-ahead; if its node dies under the call, once more to the survivor.</summary>
    private async Task SendGoAheadAsync(HttpClient target, HttpClient survivor, int i)
    {
        try
        {
            await _run.SendGoAheadAsync(target, i);
        }
        catch (HttpRequestException) when (target != survivor)
        {
            // Applied or not, the resend is safe: a wait resumes once.
            await _run.SendGoAheadAsync(survivor, i);
        }
    }

    private void AssertNoInstanceRanOnTwoNodesAtOnce(Dictionary<string, List<JournalLine>> journals, string nodeA, string nodeB)
    {
        var handedOver = 0;
        var nodesSeen = new HashSet<string>();
        foreach (var (id, journal) in journals)
        {
            journal.ShouldAllBe(j => j.Node == nodeA || j.Node == nodeB, $"instance {id}: every entry names its node");
            nodesSeen.UnionWith(journal.Select(j => j.Node!));

            // Committed bursts in commit order; a run of entries from one node is one or more of its bursts.
            // Another node's burst may only begin after the previous one ended.
            var bursts = new List<(string Node, DateTimeOffset First, DateTimeOffset Last)>();
            foreach (var entry in journal)
            {
                if (bursts.Count > 0 && bursts[^1].Node == entry.Node)
                {
                    bursts[^1] = bursts[^1] with { Last = entry.At };
                }
                else
                {
                    bursts.Add((entry.Node!, entry.At, entry.At));
                }
            }

            for (var k = 1; k < bursts.Count; k++)
            {
                bursts[k].First.ShouldBeGreaterThanOrEqualTo(bursts[k - 1].Last,
                    $"instance {id}: {bursts[k].Node} began at {bursts[k].First:O} while {bursts[k - 1].Node} ran until {bursts[k - 1].Last:O}");
            }

            handedOver += bursts.Count > 1 ? 1 : 0;
        }

        nodesSeen.ShouldBe([nodeA, nodeB], ignoreOrder: true);
        handedOver.ShouldBeGreaterThan(0, "some instances moved between nodes");
        output.WriteLine($"{handedOver} of {journals.Count} instances ran on both nodes, never at once");
    }
}
