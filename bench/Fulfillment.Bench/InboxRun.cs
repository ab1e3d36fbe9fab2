using System.Diagnostics;
using System.Text.Json.Nodes;
using Fulfillment.HumanTasks;

namespace Fulfillment.Bench;

internal sealed record InboxRunResult(int OpenTasks, double StartsPerSecond, int Queries, int Returned, double P50, double P99);

/// <summary>
/// The inbox under load: <c>openTasks</c> instances each waiting in a user task for the Warehouse Staff
/// role, started through the runtime, then the role holder's inbox query (the one behind
/// <c>GET /api/tasks?status=Open</c> and the Studio inbox) timed many times.
/// </summary>
internal static class InboxRun
{
    private const int Queries = 200;
    private const int WarmUps = 10;

    private const string Workflow = """
        {
          "schemaVersion": 1, "id": "bench-inbox", "name": "Benchmark: one open task",
          "variables": [ { "name": "n" } ],
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "check", "type": "UserTask", "inputs": {
                "title": { "expr": "'Check shelf for order ' + n" }, "role": "Warehouse Staff",
                "due": "P2D", "priority": "Normal",
                "form": [ { "name": "shelf", "type": "Dropdown", "required": true, "options": ["Shelf A", "Shelf B", "Shelf C"] } ] } },
            { "id": "end", "type": "End" }
          ],
          "connections": [ { "from": "start", "to": "check" }, { "from": "check", "to": "end" } ]
        }
        """;

    public static async Task<InboxRunResult> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        await using var stack = await FulfillmentStack.CreateAsync(cancellationToken);
        await stack.Host.PublishAsync(Workflow);

        var progress = new Progress("open tasks created", options.InboxTasks);
        var created = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(1, options.InboxTasks), new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken },
            async (n, ct) =>
            {
                await stack.Host.Runtime.StartAsync("bench-inbox", new JsonObject { ["n"] = n }, $"I-{n}", "bench", ct);
                progress.Report(Interlocked.Increment(ref created));
            });
        var startsPerSecond = options.InboxTasks / clock.Elapsed.TotalSeconds;

        var tasks = stack.Get<HumanTaskService>();
        var person = FulfillmentStack.Person("Warehouse Staff");
        var latencies = new Latencies();
        var returned = 0;
        for (var query = -WarmUps; query < Queries; query++)
        {
            var inbox = query < 0
                ? await tasks.InboxAsync(person, HumanTaskStatus.Open, cancellationToken)
                : await latencies.TimeAsync(() => tasks.InboxAsync(person, HumanTaskStatus.Open, cancellationToken));
            returned = inbox.Count;
        }

        return new InboxRunResult(options.InboxTasks, startsPerSecond, Queries, returned, latencies.Percentile(50), latencies.Percentile(99));
    }
}
