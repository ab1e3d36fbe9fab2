namespace Fulfillment.Server.Studio.Pages.Dashboard;

/// <summary>The periods the dashboard offers.</summary>
public enum KpiPeriodChoice
{
    Last7Days,
    Last30Days,
    Last90Days,
    ThisQuarter,
    LastQuarter,
}

/// <summary>A reporting period <c>[From, To)</c> in UTC, and the calendar quarter its report download covers.</summary>
public sealed record KpiPeriod(DateTimeOffset From, DateTimeOffset To, int ReportYear, int ReportQuarter)
{
    public static string Label(KpiPeriodChoice choice) => choice switch
    {
        KpiPeriodChoice.Last7Days => "Last 7 days",
        KpiPeriodChoice.Last30Days => "Last 30 days",
        KpiPeriodChoice.Last90Days => "Last 90 days",
        KpiPeriodChoice.ThisQuarter => "This quarter",
        KpiPeriodChoice.LastQuarter => "Last quarter",
        _ => throw new ArgumentOutOfRangeException(nameof(choice), choice, null),
    };

    /// <summary>
    /// The period <paramref name="choice"/> names, seen at <paramref name="now"/> (the engine's clock, so a
    /// simulated clock moves the dashboard too). Rolling windows end now; "this quarter" runs from its
    /// first day to now; "last quarter" is the whole previous one. Rolling windows download the
    /// quarter they end in.
    /// </summary>
    public static KpiPeriod For(KpiPeriodChoice choice, DateTimeOffset now)
    {
        now = now.ToUniversalTime();
        var quarterStart = new DateTimeOffset(now.Year, (now.Month - 1) / 3 * 3 + 1, 1, 0, 0, 0, TimeSpan.Zero);
        return choice switch
        {
            KpiPeriodChoice.Last7Days => Rolling(now, 7),
            KpiPeriodChoice.Last30Days => Rolling(now, 30),
            KpiPeriodChoice.Last90Days => Rolling(now, 90),
            KpiPeriodChoice.ThisQuarter => new KpiPeriod(quarterStart, now, quarterStart.Year, QuarterOf(quarterStart)),
            KpiPeriodChoice.LastQuarter => new KpiPeriod(quarterStart.AddMonths(-3), quarterStart, quarterStart.AddMonths(-3).Year, QuarterOf(quarterStart.AddMonths(-3))),
            _ => throw new ArgumentOutOfRangeException(nameof(choice), choice, null),
        };
    }

    /// <summary>The address of the quarterly CSV (<c>GET /api/reports/quarterly.csv</c>) for this period.</summary>
    public string ReportHref => $"api/reports/quarterly.csv?year={ReportYear}&quarter={ReportQuarter}";

    public string ReportFileName => $"fulfillment-{ReportYear}-Q{ReportQuarter}.csv";

    private static KpiPeriod Rolling(DateTimeOffset now, int days) => new(now.AddDays(-days), now, now.Year, QuarterOf(now));

    private static int QuarterOf(DateTimeOffset at) => (at.Month - 1) / 3 + 1;
}
