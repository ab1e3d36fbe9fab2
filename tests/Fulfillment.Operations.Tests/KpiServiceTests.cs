using Fulfillment.HumanTasks.Storage;
using Fulfillment.Operations.Kpis;
using Fulfillment.Operations.Model;
using Fulfillment.Operations.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fulfillment.Operations.Tests;

/// <summary>KPIs and the quarterly report on known data, with time moved by the virtual clock.</summary>
public sealed class KpiServiceTests : IAsyncLifetime
{
    // Ships a day after it starts and is delivered two days later, in virtual time.
    private const string Delivery = """
        {
          "schemaVersion": 1, "id": "deliver", "name": "Ship and deliver",
          "variables": [ { "name": "orderId" }, { "name": "orderNumber" } ],
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "pack", "type": "Delay", "inputs": { "duration": "P1D" } },
            { "id": "shipped", "type": "UpdateOrderStatus", "inputs": { "status": "Shipped" } },
            { "id": "travel", "type": "Delay", "inputs": { "duration": "P2D" } },
            { "id": "delivered", "type": "UpdateOrderStatus", "inputs": { "status": "Delivered" } },
            { "id": "completed", "type": "UpdateOrderStatus", "inputs": { "status": "Completed" } }
          ],
          "connections": [
            { "from": "start", "to": "pack" }, { "from": "pack", "to": "shipped" }, { "from": "shipped", "to": "travel" },
            { "from": "travel", "to": "delivered" }, { "from": "delivered", "to": "completed" }
          ]
        }
        """;

    private OperationsHost _ops = null!;
    private DateTimeOffset _start;

    public async Task InitializeAsync()
    {
        _ops = await OperationsHost.CreateAsync();
        _start = _ops.Host.Clock.GetUtcNow();
        await _ops.AddProductAsync("LAMP", price: 10m);
        await _ops.PublishAsync(Delivery);

        // K-1: placed now, shipped after 24 h, delivered 48 h later (by the workflow, in virtual time).
        var k1 = await _ops.PlaceAsync("K-1", ("LAMP", 1));
        await _ops.StartAsync("deliver", k1);
        // K-2: placed now, shipped after 48 h, delivered 48 h later; returned as damaged.
        var k2 = await _ops.PlaceAsync("K-2", ("LAMP", 1));
        // K-3 waits; K-4 is cancelled.
        var k3 = await _ops.PlaceAsync("K-3", ("LAMP", 1));
        var k4 = await _ops.PlaceAsync("K-4", ("LAMP", 1));
        await _ops.Orders.ChangeStatusAsync(k4.Id, OrderStatus.Cancelled, "clerk", null, CancellationToken.None);
        await _ops.Orders.ChangeStatusAsync(k3.Id, OrderStatus.Verified, "clerk", null, CancellationToken.None);

        (await _ops.Host.AdvanceAsync(TimeSpan.FromDays(2))).TimersFired.ShouldBe(1);
        await _ops.Orders.ChangeStatusAsync(k2.Id, OrderStatus.Shipped, "clerk", null, CancellationToken.None);
        await _ops.Host.AdvanceAsync(TimeSpan.FromDays(2));
        await _ops.Orders.ChangeStatusAsync(k2.Id, OrderStatus.Delivered, "carrier", null, CancellationToken.None);

        var at = _ops.Host.Clock.GetUtcNow();
        await _ops.WriteAsync(db =>
        {
            db.Returns.Add(new ReturnRequest { OrderId = k2.Id, Reason = ReturnReason.Damaged, Status = ReturnStatus.Requested, RequestedAt = at, UpdatedAt = at });
            db.Returns.Add(new ReturnRequest { OrderId = k1.Id, Reason = ReturnReason.NoLongerNeeded, Status = ReturnStatus.Requested, RequestedAt = at, UpdatedAt = at });
            db.Feedback.Add(new Feedback { OrderId = k1.Id, Score = 5, Comment = "Fast!", ReceivedAt = at });
            db.Feedback.Add(new Feedback { OrderId = k2.Id, Score = 2, Comment = "Broken vase", ReceivedAt = at });
        });
        await AddTaskAsync("t1", "Warehouse Staff", dueAt: at.AddHours(-1));
        await AddTaskAsync("t2", "Warehouse Staff", dueAt: at.AddDays(-2));
        await AddTaskAsync("t3", "Warehouse Manager", dueAt: at.AddHours(-3));
        await AddTaskAsync("t4", "Warehouse Manager", dueAt: at.AddHours(1));
        await AddTaskAsync("t5", "Warehouse Manager", dueAt: at.AddHours(-1), status: "Completed");
    }

    public async Task DisposeAsync() => await _ops.DisposeAsync();

    [Fact]
    public async Task The_kpis_of_a_period_add_up_from_the_orders_returns_feedback_and_tasks()
    {
        var report = await _ops.Kpis.GetAsync(_start.AddDays(-1), _start.AddDays(30), CancellationToken.None);

        report.OrderProcessingTime.ShouldBe(new DurationKpi(2, 36, 36));
        report.DeliveryTime.ShouldBe(new DurationKpi(2, 48, 48));
        report.AccuracyRate.ShouldBe(new AccuracyKpi(2, 1, 0.5));
        report.CustomerSatisfaction.Responses.ShouldBe(2);
        report.CustomerSatisfaction.AverageScore.ShouldBe(3.5);
        report.CustomerSatisfaction.Distribution.ShouldBe([0, 1, 0, 0, 1]);
        report.OrdersByStage.Where(s => s.Orders > 0).ShouldBe(
        [
            new StageCount(OrderStatus.Verified, 1), new StageCount(OrderStatus.Delivered, 1),
            new StageCount(OrderStatus.Completed, 1), new StageCount(OrderStatus.Cancelled, 1),
        ]);
        report.OrdersByStage.Count.ShouldBe(Enum.GetValues<OrderStatus>().Length);
        report.OverdueTasks.ShouldBe([new RoleCount("Warehouse Manager", 1), new RoleCount("Warehouse Staff", 2)]);
    }

    [Fact]
    public async Task A_period_counts_only_what_happened_in_it()
    {
        // The first two days: nothing shipped yet by K-2, K-1 shipped but not delivered.
        var report = await _ops.Kpis.GetAsync(_start, _start.AddDays(2), CancellationToken.None);

        report.OrderProcessingTime.ShouldBe(new DurationKpi(1, 24, 24));
        report.DeliveryTime.ShouldBe(new DurationKpi(0, null, null));
        report.AccuracyRate.Rate.ShouldBeNull();
        report.CustomerSatisfaction.Responses.ShouldBe(0);
        await Should.ThrowAsync<OperationsValidationException>(() => _ops.Kpis.GetAsync(_start, _start, CancellationToken.None));
    }

    [Fact]
    public async Task The_quarterly_csv_has_a_row_per_month_and_a_total()
    {
        var csv = await _ops.Kpis.QuarterlyCsvAsync(2026, 1, CancellationToken.None);

        csv.ShouldBe(
            "period,ordersPlaced,ordersShipped,ordersDelivered,ordersCancelled,returns,revenue,avgProcessingHours,avgDeliveryHours,accuracyRate,csatAverage,csatResponses\r\n" +
            "2026-01,4,2,2,1,2,32.40,36.0,48.0,0.5000,3.50,2\r\n" +
            "2026-02,0,0,0,0,0,0.00,,,,,0\r\n" +
            "2026-03,0,0,0,0,0,0.00,,,,,0\r\n" +
            "2026-Q1,4,2,2,1,2,32.40,36.0,48.0,0.5000,3.50,2\r\n");
        (await Should.ThrowAsync<OperationsValidationException>(() => _ops.Kpis.QuarterlyCsvAsync(2026, 5, CancellationToken.None)))
            .Errors.ShouldHaveSingleItem().Path.ShouldBe("quarter");
    }

    private async Task AddTaskAsync(string id, string role, DateTimeOffset dueAt, string status = "Open")
    {
        await using var db = await _ops.Host.Services.GetRequiredService<IDbContextFactory<HumanTasksDbContext>>().CreateDbContextAsync();
        db.Tasks.Add(new HumanTaskRecord
        {
            Id = id, InstanceId = "i", WorkflowId = "w", ActivityId = "a", Kind = "Task", Title = id, Role = role,
            Status = status, DueAt = dueAt, CreatedAt = _start, FormJson = "[]", OutcomesJson = "[]",
        });
        await db.SaveChangesAsync();
    }
}
