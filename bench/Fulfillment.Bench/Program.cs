// The performance benchmark. From the repository root:
//
//   dotnet run -c Release --project bench/Fulfillment.Bench -- [--orders 500] [--parallel 8]
//       [--inbox-tasks 100000] [--scale 1000000] [--no-bpmn] [--bpmn-orders N]
//
// Prints one table; docs/performance.md holds the figures measured on the team's machine.
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Fulfillment.Bench;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var options = BenchOptions.Parse(args);
var root = RepositoryRoot();
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

Console.WriteLine($"Fulfillment benchmark · {RuntimeInformation.FrameworkDescription} · {Environment.ProcessorCount} CPUs · {RuntimeInformation.OSDescription}");
Console.WriteLine($"load average before: {LoadAverage()}");

var orders = await new OrderRun(options, root).RunAsync(cancel.Token);
var raw = await RawSqliteCommits.PerSecondAsync(Path.GetTempPath(), orders.Synchronous, TimeSpan.FromSeconds(5), cancel.Token);
var bpmn = options.Bpmn ? await BpmnEngineRun.RunAsync(root, options.BpmnOrders, cancel.Token) : null;
var inbox = options.InboxTasks > 0 ? await InboxRun.RunAsync(options, cancel.Token) : null;
var scale = options.Scale > 0 ? await ScaleRun.RunAsync(options, cancel.Token) : null;

Console.WriteLine();
Console.WriteLine($"Seed 001 (order-to-delivery), {orders.Orders:N0} orders, {options.Parallelism} in parallel, SQLite WAL synchronous={orders.Synchronous}, virtual clock");
Console.WriteLine();
Row("measure", "value", "note");
Row("---", "---:", "---");
Row("orders completed/s", $"{orders.OrdersPerSecond:N1}", $"{orders.Orders:N0} orders end to end in {orders.Elapsed.TotalSeconds:N1} s");
Row("activity executions/s", $"{orders.ActivitiesPerSecond:N0}", $"{orders.ActivityExecutions:N0} activities, {(double)orders.ActivityExecutions / orders.Orders:N1} per order");
Row("commits/s", $"{orders.CommitsPerSecond:N0}", $"{orders.Commits:N0} engine commits (one per burst)");
Row("raw SQLite commits/s", $"{raw:N0}", "one-row transactions, same disk and settings");
Row("ours ÷ raw SQLite commits", $"{orders.CommitsPerSecond / raw:P0}", "goal ≥ 50 %");
Row("resume latency p50", $"{orders.ResumeP50:N2} ms", $"{orders.TasksCompleted:N0} task completions (HumanTaskService.CompleteAsync)");
Row("resume latency p99", $"{orders.ResumeP99:N2} ms", "goal < 5 ms");
Row("order placement p50 / p99", $"{orders.StartP50:N2} / {orders.StartP99:N2} ms", "OrderProcessing.PlaceAsync: order stored, workflow started");
Row("peak memory (working set)", $"{Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MiB", "the whole benchmark process");
Row("database bytes per completed order", $"{orders.DatabaseBytes / orders.Orders:N0}", "engine, tasks, orders, documents, labels, outbox, journal");
Row("e-mails written", $"{orders.Emails:N0}", $"{(double)orders.Emails / orders.Orders:N1} per order (customers and staff), as .eml files");
if (bpmn is not null)
{
    Row("bpmn-engine orders/s (in memory)", $"{bpmn.OrdersPerSecond:N1}", $"{bpmn.Orders:N0} orders, {bpmn.Activities:N0} activities, peak RSS {bpmn.PeakRssBytes / 1048576.0:N0} MiB");
    Row("bpmn-engine activity executions/s", $"{bpmn.ActivitiesPerSecond:N0}", "no persistence at all");
    Row("ours ÷ bpmn-engine (activities/s)", $"{orders.ActivitiesPerSecond / bpmn.ActivitiesPerSecond:N1}×", "ours durable on SQLite, theirs in memory");
}

if (inbox is not null)
{
    Row("inbox query p50", $"{inbox.P50:N2} ms", $"{inbox.OpenTasks:N0} open tasks for the role, {inbox.Queries} queries, {inbox.Returned} returned (first page)");
    Row("inbox query p99", $"{inbox.P99:N2} ms", "goal < 20 ms");
    Row("instance starts/s (one user task)", $"{inbox.StartsPerSecond:N0}", "filling the inbox");
}

if (scale is not null)
{
    Console.WriteLine();
    Console.WriteLine("Memory with suspended instances (after a full GC):");
    Console.WriteLine();
    Console.WriteLine("| suspended instances | managed heap | working set |");
    Console.WriteLine("| ---: | ---: | ---: |");
    foreach (var checkpoint in scale)
    {
        Console.WriteLine($"| {checkpoint.SuspendedInstances:N0} | {checkpoint.ManagedBytes / 1048576.0:N1} MiB | {checkpoint.WorkingSetBytes / 1048576.0:N1} MiB |");
    }
}

Console.WriteLine();
Console.WriteLine($"load average after: {LoadAverage()}");

static void Row(string measure, string value, string note) => Console.WriteLine($"| {measure} | {value} | {note} |");

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

static string RepositoryRoot()
{
    for (var directory = new DirectoryInfo(Directory.GetCurrentDirectory()); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "Fulfillment.sln")))
        {
            return directory.FullName;
        }
    }

    throw new InvalidOperationException("Run the benchmark from inside the repository (Fulfillment.sln was not found above the current directory).");
}
