using System.Globalization;
using Fulfillment.Operations.Kpis;
using Fulfillment.Server.Workflows;

namespace Fulfillment.Server.Operations;

public static class KpiEndpoints
{
    public static RouteGroupBuilder MapKpiEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/kpis", async (string? from, string? to, KpiService kpis, TimeProvider clock, CancellationToken ct) =>
            {
                DateTimeOffset end = clock.GetUtcNow(), start;
                if (to is not null && !TryParseInstant(to, out end))
                {
                    return ApiProblems.BadRequest("to", "Give an ISO 8601 date or date and time, e.g. 2026-04-01.");
                }

                if (from is null)
                {
                    start = end.AddDays(-30);
                }
                else if (!TryParseInstant(from, out start))
                {
                    return ApiProblems.BadRequest("from", "Give an ISO 8601 date or date and time, e.g. 2026-01-01.");
                }

                return Results.Ok(await kpis.GetAsync(start, end, ct));
            })
            .WithTags("KPIs")
            .Produces<KpiReport>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Processing time, delivery time, accuracy rate, customer satisfaction and orders by stage for [from, to) (default: the last 30 days), and overdue tasks by role now.");

        api.MapGet("/reports/quarterly.csv", async (int? year, int? quarter, KpiService kpis, TimeProvider clock, CancellationToken ct) =>
            {
                var now = clock.GetUtcNow();
                var (y, q) = (year ?? now.Year, quarter ?? (now.Month - 1) / 3 + 1);
                var csv = await kpis.QuarterlyCsvAsync(y, q, ct);
                return Results.File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", $"fulfillment-{y}-Q{q}.csv");
            })
            .WithTags("KPIs")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("The quarter's KPIs as CSV: one row per month and a total row (default: the current quarter).");
        return api;
    }

    // Dates without an offset are UTC: the KPIs' periods are UTC like everything stored.
    private static bool TryParseInstant(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
}
