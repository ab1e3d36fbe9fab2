using System.Globalization;
using Fulfillment.Operations.Kpis;
using Fulfillment.Server.Studio.Pages.Orders;

namespace Fulfillment.Server.Studio.Pages.Dashboard;

/// <summary>One bar chart's data: a label and a value per bar.</summary>
public sealed record ChartBars(IReadOnlyList<string> Labels, IReadOnlyList<double> Values)
{
    /// <summary>Nothing to draw: the dashboard says so in words instead of drawing empty axes.</summary>
    public bool IsEmpty => Values.All(v => v == 0);
}

/// <summary>What the dashboard draws and writes from a <see cref="KpiReport"/>.</summary>
public static class KpiCharts
{
    /// <summary>Orders placed in the period by their status now; statuses no order has are left out.</summary>
    public static ChartBars OrdersByStage(KpiReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var stages = report.OrdersByStage.Where(s => s.Orders > 0).ToList();
        return new ChartBars([.. stages.Select(s => OrderFormat.Words(s.Status.ToString()))], [.. stages.Select(s => (double)s.Orders)]);
    }

    public static ChartBars OverdueByRole(KpiReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new ChartBars([.. report.OverdueTasks.Select(r => r.Role)], [.. report.OverdueTasks.Select(r => (double)r.Overdue)]);
    }

    /// <summary>How many answers gave each score, 1 to 5.</summary>
    public static ChartBars SatisfactionScores(KpiReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var distribution = report.CustomerSatisfaction.Distribution;
        return new ChartBars([.. Enumerable.Range(1, distribution.Count).Select(score => $"{score} of 5")], [.. distribution.Select(count => (double)count)]);
    }

    /// <summary>Hours as people read them: "36.5 h", or "—" when nothing was measured.</summary>
    public static string Hours(double? hours) => hours is { } value ? $"{value.ToString("0.#", CultureInfo.InvariantCulture)} h" : "—";

    /// <summary>A rate between 0 and 1 as a percentage: "97.5 %", or "—".</summary>
    public static string Percent(double? rate) => rate is { } value ? $"{(value * 100).ToString("0.#", CultureInfo.InvariantCulture)} %" : "—";

    public static string Score(double? score) => score is { } value ? $"{value.ToString("0.00", CultureInfo.InvariantCulture)} of 5" : "—";
}
