using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Fulfillment.MultiNode.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Fulfillment.MultiNode.Tests;

/// <summary>
/// Two real server processes on one PostgreSQL share the work; one is killed (SIGKILL) mid-run and the
/// other finishes everything. Each instance waits on a timer, sends an e-mail (to maildev) and waits for
/// an event that the test sends to the node that did not start it. The journal, which records the node
/// of every entry, shows that no instance ever ran on two nodes at once.
/// </summary>
public sealed class MultiNodeServerTests(PostgreSqlDatabase database, ITestOutputHelper output) : IClassFixture<PostgreSqlDatabase>, IAsyncLifetime
{
    private const int Instances = 300;
    private const string Password = "Demo!2345";
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(240);
    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(120);

    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("fulfillment-multinode-").FullName;
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private readonly List<ServerNode> _nodes = [];

    private string Domain => $"@mn-{_run}.test";

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
    public async Task Two_nodes_share_the_work_and_the_survivor_finishes_everything_after_the_other_is_killed()
    {
        using var maildev = new MaildevInbox();
        var watch = Stopwatch.StartNew();
        var (a, b) = await StartNodesAsync(maildev.SmtpPort);
        output.WriteLine($"both nodes healthy after {watch.Elapsed}");

        // One sign-in works on both nodes: the Data Protection key ring is in the shared database.
        var token = await a.LoginAsync("admin@demo.local", Password);
        using var onA = a.Client(token);
        using var onB = b.Client(token);
        (await onB.GetAsync("api/workflows")).EnsureSuccessStatusCode();

        // Started alternately on both nodes.
        var started = new ConcurrentDictionary<int, string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Instances), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            using var response = await (i % 2 == 0 ? onA : onB).PostAsJsonAsync("api/workflows/multinode/instances",
                new { input = new { n = i, email = Recipient(i), doneEmail = DoneRecipient(i) } }, ct);
            response.EnsureSuccessStatusCode();
            started[i] = (string)(await response.Content.ReadFromJsonAsync<JsonObject>(ct))!["id"]!;
        });

        output.WriteLine($"{Instances} instances started after {watch.Elapsed}");

        // An instance's e-mail arriving means it has committed its wait: send its event to the other node.
        // A third of the way through, node a is killed; from then on everything goes to node b.
        var clock = Stopwatch.StartNew();
        var sent = new HashSet<int>();
        var killedAfter = -1;
        while (sent.Count < Instances)
        {
            clock.Elapsed.ShouldBeLessThan(RunLimit, $"only {sent.Count} of {Instances} instances reached their wait");
            var arrived = (await maildev.ForDomainAsync(Domain)).Where(d => d.To.StartsWith('i')).Select(d => Index(d.To))
                .Where(i => !sent.Contains(i)).Distinct().ToList();
            foreach (var i in arrived)
            {
                if (killedAfter < 0 && sent.Count >= Instances / 3)
                {
                    a.Kill();
                    killedAfter = sent.Count;
                    output.WriteLine($"killed {a.Name} after {killedAfter} events, at {clock.Elapsed}");
                }

                var target = a.HasExited || i % 2 == 1 ? onB : onA;
                await SendEventAsync(target, onB, i);
                sent.Add(i);
            }

            if (arrived.Count == 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250));
            }
        }

        killedAfter.ShouldBeGreaterThan(0, "node a must have been killed mid-run");

        // Everything completes on the survivor.
        while (await CountAsync(onB, "Completed") < Instances)
        {
            clock.Elapsed.ShouldBeLessThan(RunLimit, $"{await CountAsync(onB, "Completed")} of {Instances} instances completed");
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        output.WriteLine($"all {Instances} completed after {clock.Elapsed} ({watch.Elapsed} in all)");
        await AssertEachEmailSentOnceAsync(maildev, onB, started);
        await AssertNoInstanceRanOnTwoNodesAtOnceAsync(onB, started.Values.ToList(), a.Name, b.Name);
    }

    private async Task<(ServerNode A, ServerNode B)> StartNodesAsync(int smtpPort)
    {
        var workflows = System.IO.Directory.CreateDirectory(Path.Combine(_directory, "workflows")).FullName;
        await File.WriteAllTextAsync(Path.Combine(workflows, "multinode.json"), Workflow);
        var settings = new Dictionary<string, string>
        {
            ["Fulfillment__Database__Provider"] = "PostgreSql",
            ["ConnectionStrings__Fulfillment"] = database.ConnectionString + ";Maximum Pool Size=40",
            ["Fulfillment__DemoData"] = "true",
            ["Fulfillment__WorkflowsDirectory"] = workflows,
            ["Fulfillment__Email__Smtp__Host"] = "127.0.0.1",
            ["Fulfillment__Email__Smtp__Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Fulfillment__Email__Smtp__Security"] = "None",

            // Take over a dead node's work within seconds, not the production minute.
            ["Fulfillment__Engine__LockDuration"] = "00:00:05",
            ["Fulfillment__Outbox__Lease"] = "00:00:05",
            ["Fulfillment__Scheduler__SweepCron"] = "*/2 * * * * *",
        };

        var a = ServerNode.Start("node-a", Path.Combine(_directory, "a"), settings);
        _nodes.Add(a);
        var b = ServerNode.Start("node-b", Path.Combine(_directory, "b"), settings);
        _nodes.Add(b);
        await Task.WhenAll(a.WaitUntilHealthyAsync(StartLimit), b.WaitUntilHealthyAsync(StartLimit));
        return (a, b);
    }

    /// <summary>Sends instance <paramref name="i"/>'s event; if its node dies under the call, once more to the survivor.</summary>
    private static async Task SendEventAsync(HttpClient target, HttpClient survivor, int i)
    {
        var body = new { key = $"multinode:{i}", payload = new { from = "test" } };
        try
        {
            using var response = await target.PostAsJsonAsync("api/events", body);
            response.EnsureSuccessStatusCode();
        }
        catch (HttpRequestException) when (target != survivor)
        {
            // Applied or not, the resend is safe: a wait resumes once.
            using var response = await survivor.PostAsJsonAsync("api/events", body);
            response.EnsureSuccessStatusCode();
        }
    }

    private async Task AssertEachEmailSentOnceAsync(MaildevInbox maildev, HttpClient api, IReadOnlyDictionary<int, string> started)
    {
        var deliveries = await maildev.ForDomainAsync(Domain);
        var attemptsByKey = (await api.GetFromJsonAsync<JsonArray>("api/outbox?take=1000"))!.OfType<JsonObject>()
            .Where(m => started.Values.Contains((string?)m["instanceId"]))
            .ToDictionary(m => (string)m["idempotencyKey"]!, m => (Status: (string)m["status"]!, Attempts: (int)m["attempts"]!));
        attemptsByKey.Count.ShouldBe(2 * Instances, "two outbox messages per instance");
        attemptsByKey.Values.ShouldAllBe(m => m.Status == "Dispatched");

        foreach (var (i, instanceId) in started)
        {
            foreach (var (recipient, activity) in new[] { (Recipient(i), "mail"), (DoneRecipient(i), "done") })
            {
                var mine = deliveries.Where(d => d.To.Equals(recipient, StringComparison.OrdinalIgnoreCase)).ToList();
                mine.ShouldNotBeEmpty($"instance {i} sent its '{activity}' e-mail");
                mine.Select(d => d.MessageId).Distinct().ShouldHaveSingleItem($"instance {i} sent one '{activity}' e-mail (one Message-Id)");
                if (mine.Count > 1)
                {
                    // At least once: only a message whose sender died mid-send (its lease taken over) may arrive
                    // twice, and then with the same Message-Id, by which receivers drop the repeat.
                    attemptsByKey[$"{instanceId}/{activity}/1"].Attempts.ShouldBeGreaterThan(1,
                        $"instance {i}'s '{activity}' e-mail arrived {mine.Count} times after one attempt");
                }
            }
        }

        output.WriteLine($"{deliveries.Count} deliveries for {2 * Instances} e-mails; {attemptsByKey.Values.Count(m => m.Attempts > 1)} sent again after a takeover");
    }

    private async Task AssertNoInstanceRanOnTwoNodesAtOnceAsync(HttpClient api, List<string> instanceIds, string nodeA, string nodeB)
    {
        var handedOver = 0;
        var nodesSeen = new HashSet<string>();
        foreach (var id in instanceIds)
        {
            var details = (await api.GetFromJsonAsync<JsonObject>($"api/instances/{id}"))!;
            ((string?)details["status"]).ShouldBe("Completed");
            var journal = details["journal"]!.AsArray().OfType<JsonObject>()
                .Select(j => (Sequence: (long)j["sequence"]!, At: (DateTimeOffset)j["at"]!, Node: (string?)j["node"], Kind: (string)j["kind"]!, Activity: (string?)j["activityId"]))
                .OrderBy(j => j.Sequence)
                .ToList();
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

            // Each timer fired once, each e-mail was queued once, the event resumed the wait once.
            foreach (var timer in new[] { "cool", "cool-again" })
            {
                journal.Count(j => j.Kind == "ActivityResumed" && j.Activity == timer).ShouldBe(1, $"instance {id}: timer {timer} fired once");
            }

            foreach (var mail in new[] { "mail", "done" })
            {
                journal.Count(j => j.Kind == "ActivityCompleted" && j.Activity == mail).ShouldBe(1, $"instance {id}: e-mail {mail} queued once");
            }

            journal.Count(j => j.Kind == "ActivityResumed" && j.Activity == "wait").ShouldBe(1, $"instance {id}: event taken once");
        }

        nodesSeen.ShouldBe([nodeA, nodeB], ignoreOrder: true);
        handedOver.ShouldBeGreaterThan(0, "some instances moved between nodes");
        output.WriteLine($"{handedOver} of {instanceIds.Count} instances ran on both nodes, never at once");
    }

    private static async Task<int> CountAsync(HttpClient api, string status) =>
        (await api.GetFromJsonAsync<JsonArray>($"api/instances?workflowId=multinode&status={status}&take=1000"))!.Count;

    /// <summary>Who gets instance <paramref name="i"/>'s first e-mail (sent before its wait).</summary>
    private string Recipient(int i) => $"i{i}{Domain}";

    /// <summary>Who gets its last e-mail.</summary>
    private string DoneRecipient(int i) => $"d{i}{Domain}";

    private static int Index(string recipient) => int.Parse(recipient[1..recipient.IndexOf('@', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Timer, e-mail, wait for the event, then another timer and e-mail: the second half is what is in
    /// flight (timers firing, messages being sent) when a node is killed.
    /// </summary>
    private const string Workflow = """
        {
          "schemaVersion": 1, "id": "multinode", "name": "Multi-node check",
          "variables": [ { "name": "n", "default": 0 }, { "name": "email", "default": "" }, { "name": "doneEmail", "default": "" } ],
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "cool", "type": "Delay", "inputs": { "duration": "PT1S" } },
            { "id": "mail", "type": "SendEmail",
              "inputs": { "to": { "expr": "email" }, "template": "generic",
                          "model": { "expr": "({ subject: 'Waiting ' + n, body: 'Instance ' + n + ' waits for its event.' })" } } },
            { "id": "wait", "type": "WaitForEvent", "inputs": { "key": { "expr": "'multinode:' + n" } } },
            { "id": "cool-again", "type": "Delay", "inputs": { "duration": "PT1S" } },
            { "id": "done", "type": "SendEmail",
              "inputs": { "to": { "expr": "doneEmail" }, "template": "generic",
                          "model": { "expr": "({ subject: 'Done ' + n, body: 'Instance ' + n + ' is done.' })" } } }
          ],
          "connections": [
            { "from": "start", "to": "cool" }, { "from": "cool", "to": "mail" }, { "from": "mail", "to": "wait" },
            { "from": "wait", "to": "cool-again" }, { "from": "cool-again", "to": "done" }
          ]
        }
        """;
}
