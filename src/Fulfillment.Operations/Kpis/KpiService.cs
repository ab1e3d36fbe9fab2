using System.Globalization;
using System.Text;
using Fulfillment.HumanTasks;
using Fulfillment.HumanTasks.Storage;
using Fulfillment.Operations.Model;
using Fulfillment.Operations.Storage;
using Microsoft.EntityFrameworkCore;

namespace Fulfillment.Operations.Kpis;

/// <summary>Fulfillment KPIs for a period, and the quarterly report built from them.</summary>
public sealed class KpiService(
    IDbContextFactory<OperationsDbContext> operations,
    IDbContextFactory<HumanTasksDbContext> tasks,
    TimeProvider clock)
{
    /// <summary>Returns that say we sent the wrong thing or it arrived broken: they count against accuracy.</summary>
    private static readonly ReturnReason[] FulfillmentErrors = [ReturnReason.WrongItem, ReturnReason.Damaged];

    /// <exception cref="OperationsValidationException"><paramref name="to"/> is not after <paramref name="from"/>.</exception>
    public async Task<KpiReport> GetAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        if (to <= from)
        {
            throw OperationsValidationException.For("to", "The end of the period must be after its start.");
        }

        var facts = await LoadAsync(from.ToUniversalTime(), to.ToUniversalTime(), cancellationToken);
        await using var taskDb = await tasks.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var overdue = await taskDb.Tasks.AsNoTracking()
            .Where(t => t.Status == nameof(HumanTaskStatus.Open) && t.DueAt != null && t.DueAt < now)
            .GroupBy(t => t.Role)
            .Select(g => new { Role = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);

        return new KpiReport(
            from,
            to,
            now,
            facts.ProcessingTime(),
            facts.DeliveryTime(),
            facts.Accuracy(),
            facts.Satisfaction(),
            [.. Enum.GetValues<OrderStatus>().Select(s => new StageCount(s, facts.Placed.Count(o => o.Status == s)))],
            [.. overdue.Select(o => new RoleCount(o.Role ?? "(personal)", o.Count)).OrderBy(r => r.Role, StringComparer.Ordinal)]);
    }

    /// <summary>
    /// The quarter as CSV (RFC 4180, invariant culture): a header, one row per month, and a total row
    /// for the quarter. Columns: period, orders placed / shipped / delivered / cancelled, returns,
    /// revenue (orders placed and not cancelled, in the shop's currency), average processing and
    /// delivery hours, accuracy rate, average CSAT score and its number of responses.
    /// </summary>
    /// <exception cref="OperationsValidationException">The year or quarter is out of range.</exception>
    public async Task<string> QuarterlyCsvAsync(int year, int quarter, CancellationToken cancellationToken)
    {
        if (year is < 2000 or > 9999)
        {
            throw OperationsValidationException.For("year", "The year must be between 2000 and 9999.");
        }

        if (quarter is < 1 or > 4)
        {
            throw OperationsValidationException.For("quarter", "The quarter must be 1, 2, 3 or 4.");
        }

        var start = new DateTimeOffset(year, (quarter - 1) * 3 + 1, 1, 0, 0, 0, TimeSpan.Zero);
        var csv = new StringBuilder();
        csv.Append(string.Join(',', CsvColumns)).Append("\r\n");
        for (var month = 0; month < 3; month++)
        {
            var from = start.AddMonths(month);
            AppendRow(csv, from.ToString("yyyy-MM", CultureInfo.InvariantCulture), await LoadAsync(from, from.AddMonths(1), cancellationToken));
        }

        AppendRow(csv, $"{year}-Q{quarter}", await LoadAsync(start, start.AddMonths(3), cancellationToken));
        return csv.ToString();
    }

    internal static readonly string[] CsvColumns =
    [
        "period", "ordersPlaced", "ordersShipped", "ordersDelivered", "ordersCancelled", "returns", "revenue",
        "avgProcessingHours", "avgDeliveryHours", "accuracyRate", "csatAverage", "csatResponses",
    ];

    private static void AppendRow(StringBuilder csv, string period, PeriodFacts facts)
    {
        var accuracy = facts.Accuracy();
        var satisfaction = facts.Satisfaction();
        string[] cells =
        [
            period,
            Number(facts.Placed.Count),
            Number(facts.Shipped.Count),
            Number(facts.Delivered.Count),
            Number(facts.Placed.Count(o => o.Status == OrderStatus.Cancelled)),
            Number(facts.Returns.Count),
            facts.Placed.Where(o => o.Status != OrderStatus.Cancelled).Sum(o => o.Total).ToString("0.00", CultureInfo.InvariantCulture),
            Decimal(facts.ProcessingTime().AverageHours, "0.0"),
            Decimal(facts.DeliveryTime().AverageHours, "0.0"),
            Decimal(accuracy.Rate, "0.0000"),
            Decimal(satisfaction.AverageScore, "0.00"),
            Number(satisfaction.Responses),
        ];
        csv.Append(string.Join(',', cells)).Append("\r\n");

        static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
        static string Decimal(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? "";
    }

    private async Task<PeriodFacts> LoadAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var db = await operations.CreateDbContextAsync(cancellationToken);
        var orders = db.Orders.AsNoTracking();
        var placed = await orders.Where(o => o.CreatedAt >= from && o.CreatedAt < to)
            .Select(o => new OrderFact(o.Id, o.Status, o.Total, o.CreatedAt, o.ShippedAt, o.DeliveredAt)).ToListAsync(cancellationToken);
        var shipped = await orders.Where(o => o.ShippedAt >= from && o.ShippedAt < to)
            .Select(o => new OrderFact(o.Id, o.Status, o.Total, o.CreatedAt, o.ShippedAt, o.DeliveredAt)).ToListAsync(cancellationToken);
        var delivered = await orders.Where(o => o.DeliveredAt >= from && o.DeliveredAt < to)
            .Select(o => new OrderFact(o.Id, o.Status, o.Total, o.CreatedAt, o.ShippedAt, o.DeliveredAt)).ToListAsync(cancellationToken);
        var deliveredIds = delivered.Select(o => o.Id).ToList();
        var badDeliveries = await db.Returns.AsNoTracking()
            .Where(r => deliveredIds.Contains(r.OrderId) && FulfillmentErrors.Contains(r.Reason) && r.Status != ReturnStatus.Rejected)
            .Select(r => r.OrderId).Distinct().CountAsync(cancellationToken);
        var returns = await db.Returns.AsNoTracking().Where(r => r.RequestedAt >= from && r.RequestedAt < to).Select(r => r.Id).ToListAsync(cancellationToken);
        var scores = await db.Feedback.AsNoTracking().Where(f => f.ReceivedAt >= from && f.ReceivedAt < to).Select(f => f.Score).ToListAsync(cancellationToken);
        return new PeriodFacts(placed, shipped, delivered, badDeliveries, returns, scores);
    }

    private sealed record OrderFact(int Id, OrderStatus Status, decimal Total, DateTimeOffset CreatedAt, DateTimeOffset? ShippedAt, DateTimeOffset? DeliveredAt);

    private sealed record PeriodFacts(
        List<OrderFact> Placed, List<OrderFact> Shipped, List<OrderFact> Delivered, int BadDeliveries, List<int> Returns, List<int> Scores)
    {
        public DurationKpi ProcessingTime() => Durations(Shipped.Select(o => o.ShippedAt!.Value - o.CreatedAt));

        public DurationKpi DeliveryTime() => Durations(Delivered.Where(o => o.ShippedAt is not null).Select(o => o.DeliveredAt!.Value - o.ShippedAt!.Value));

        public AccuracyKpi Accuracy() =>
            new(Delivered.Count, BadDeliveries, Delivered.Count == 0 ? null : Math.Round((Delivered.Count - BadDeliveries) / (double)Delivered.Count, 4));

        public SatisfactionKpi Satisfaction() =>
            new(Scores.Count, Scores.Count == 0 ? null : Math.Round(Scores.Average(), 2), [.. Enumerable.Range(1, 5).Select(score => Scores.Count(s => s == score))]);

        private static DurationKpi Durations(IEnumerable<TimeSpan> spans)
        {
            var hours = spans.Select(s => s.TotalHours).Order().ToList();
            if (hours.Count == 0)
            {
                return new DurationKpi(0, null, null);
            }

            var median = hours.Count % 2 == 1 ? hours[hours.Count / 2] : (hours[hours.Count / 2 - 1] + hours[hours.Count / 2]) / 2;
            return new DurationKpi(hours.Count, Math.Round(hours.Average(), 2), Math.Round(median, 2));
        }
    }
}
