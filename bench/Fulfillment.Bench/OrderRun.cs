using System.Diagnostics;
using Fulfillment.Operations.Inventory;
using Fulfillment.Operations.Orders;
using Fulfillment.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Fulfillment.Bench;

internal sealed record OrderRunResult(
    int Orders,
    TimeSpan Elapsed,
    long ActivityExecutions,
    long Commits,
    int TasksCompleted,
    double ResumeP50,
    double ResumeP99,
    double StartP50,
    double StartP99,
    long DatabaseBytes,
    int Emails,
    string Synchronous)
{
    public double OrdersPerSecond => Orders / Elapsed.TotalSeconds;

    public double ActivitiesPerSecond => ActivityExecutions / Elapsed.TotalSeconds;

    public double CommitsPerSecond => Commits / Elapsed.TotalSeconds;
}

/// <summary>
/// Seed 001 (<c>workflows/order-to-delivery.json</c>) end to end: orders placed as <c>POST /api/orders</c>
/// places them (<see cref="OrderProcessing"/>), every human step done by <see cref="SimulatedActors"/>,
/// and the virtual clock moved (carrier tracking, feedback request) whenever nobody has work, until
/// every instance has completed.
/// </summary>
internal sealed class OrderRun(BenchOptions options, string repositoryRoot)
{
    public const string WorkflowId = "order-to-delivery";
    private static readonly (string Sku, int Quantity)[] Lines = [("EL-1001", 1), ("CL-2001", 2), ("HD-3002", 1)];
    private static readonly TimeSpan Step = TimeSpan.FromHours(1);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromDays(60);

    public async Task<OrderRunResult> RunAsync(CancellationToken cancellationToken)
    {
        await using var stack = await FulfillmentStack.CreateAsync(cancellationToken);
        await stack.Host.PublishFileAsync(Path.Combine(repositoryRoot, "workflows", WorkflowId + ".json"));
        await StockUpAsync(stack, cancellationToken);
        var synchronous = await SqliteSettings.SynchronousAsync(stack.Host.DatabasePath, cancellationToken);

        var resumes = new Latencies();
        var starts = new Latencies();
        var actors = new SimulatedActors(stack, options.Parallelism, resumes);
        var commitsBefore = stack.Commits.Count;
        var progress = new Progress("seed-001 orders completed", options.Orders);
        var clock = Stopwatch.StartNew();

        var placement = stack.Get<OrderProcessing>();
        await Parallel.ForEachAsync(Enumerable.Range(1, options.Orders), new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken },
            async (n, ct) => await starts.TimeAsync(() => placement.PlaceAsync(Order(n), "bench", ct)));

        var tasks = 0;
        var deadline = stack.Host.Clock.GetUtcNow() + GiveUpAfter;
        while (true)
        {
            var worked = await actors.WorkInboxesAsync(cancellationToken);
            tasks += worked;
            var completed = await CountAsync(stack, WorkflowStatus.Completed);
            progress.Report(completed, $"{tasks:N0} tasks done, virtual {stack.Host.Clock.GetUtcNow():yyyy-MM-dd HH:mm}");
            if (completed == options.Orders)
            {
                break;
            }

            if (worked == 0)
            {
                if (stack.Host.Clock.GetUtcNow() > deadline)
                {
                    throw new InvalidOperationException(
                        $"After {GiveUpAfter.TotalDays} virtual days only {completed} of {options.Orders} orders completed; " +
                        $"{await CountAsync(stack, WorkflowStatus.Faulted)} faulted. Look at the instances in {stack.Host.DatabasePath}.");
                }

                await stack.AdvanceAsync(Step, cancellationToken);
            }
        }

        clock.Stop();
        var activities = await stack.Host.QueryAsync(db => db.Journal.LongCountAsync(j => j.Kind == nameof(JournalEventKind.ActivityCompleted), cancellationToken));
        return new OrderRunResult(
            options.Orders, clock.Elapsed, activities, stack.Commits.Count - commitsBefore, tasks,
            resumes.Percentile(50), resumes.Percentile(99), starts.Percentile(50), starts.Percentile(99),
            stack.DatabaseBytes(), stack.DeliveredMails, synchronous);
    }

    /// <summary>Enough stock for every order, so each one takes the in-stock path.</summary>
    private async Task StockUpAsync(FulfillmentStack stack, CancellationToken cancellationToken)
    {
        var inventory = stack.Get<InventoryService>();
        foreach (var (sku, quantity) in Lines)
        {
            await inventory.RestockAsync(new RestockRequest(sku, quantity * options.Orders), "bench", idempotencyKey: null, cancellationToken);
        }
    }

    private static PlaceOrderRequest Order(int n) => new(
        $"B-{n:D6}",
        new CustomerRequest("Ada Lovelace", $"customer{n}@bench.local"),
        new AddressRequest("1 Analytical St", "London", "GB", "N1 1AA"),
        [.. Lines.Select(l => new OrderLineRequest(l.Sku, l.Quantity))],
        ShippingMethod: n % 3 == 0 ? "express" : "standard",
        PaymentStatus: "Paid");

    private static Task<int> CountAsync(FulfillmentStack stack, WorkflowStatus status)
    {
        var text = status.ToString();
        return stack.Host.QueryAsync(db => db.Instances.CountAsync(i => i.WorkflowId == WorkflowId && i.Status == text));
    }
}
