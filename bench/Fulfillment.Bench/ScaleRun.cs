using System.Text.Json.Nodes;

namespace Fulfillment.Bench;

internal sealed record MemoryCheckpoint(int SuspendedInstances, long ManagedBytes, long WorkingSetBytes);

/// <summary>
/// Memory with many suspended instances (<c>--scale N</c>): instances waiting on an event live in the
/// database, not in the process, so memory should stay flat as their number grows. Measured after a
/// full collection at every tenth of the way.
/// </summary>
internal static class ScaleRun
{
    private const string Workflow = """
        {
          "schemaVersion": 1, "id": "bench-suspended", "name": "Benchmark: wait for an event",
          "variables": [ { "name": "n" } ],
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "wait", "type": "WaitForEvent", "inputs": { "key": { "expr": "'paid:' + n" } } },
            { "id": "end", "type": "End" }
          ],
          "connections": [ { "from": "start", "to": "wait" }, { "from": "wait", "to": "end" } ]
        }
        """;

    public static async Task<IReadOnlyList<MemoryCheckpoint>> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        await using var stack = await FulfillmentStack.CreateAsync(cancellationToken);
        await stack.Host.PublishAsync(Workflow);
        var checkpoints = new List<MemoryCheckpoint> { Measure(0) };
        var progress = new Progress("suspended instances", options.Scale);
        var step = Math.Max(1, options.Scale / 10);
        for (var first = 1; first <= options.Scale; first += step)
        {
            var last = Math.Min(options.Scale, first + step - 1);
            await Parallel.ForEachAsync(Enumerable.Range(first, last - first + 1), new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken },
                async (n, ct) =>
                {
                    await stack.Host.Runtime.StartAsync("bench-suspended", new JsonObject { ["n"] = n }, null, "bench", ct);
                    if (n % 1000 == 0)
                    {
                        progress.Report(n);
                    }
                });
            progress.Report(last);
            checkpoints.Add(Measure(last));
        }

        return checkpoints;
    }

    private static MemoryCheckpoint Measure(int instances)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return new MemoryCheckpoint(instances, GC.GetTotalMemory(forceFullCollection: true), Environment.WorkingSet);
    }
}
