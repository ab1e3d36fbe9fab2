using Fulfillment.Operations.Model;

namespace Fulfillment.Operations.Kpis;

/// <summary>The fulfillment KPIs for a period <c>[From, To)</c> (<c>GET /api/kpis</c>).</summary>
/// <param name="OrderProcessingTime">Placed → shipped, for orders shipped in the period.</param>
/// <param name="DeliveryTime">Shipped → delivered, for orders delivered in the period.</param>
/// <param name="AccuracyRate">Orders delivered in the period without a return for a wrong item or damage, as a share of all delivered.</param>
/// <param name="CustomerSatisfaction">Feedback received in the period.</param>
/// <param name="OrdersByStage">Orders placed in the period, by their status now.</param>
/// <param name="OverdueTasks">Open tasks past their due date now, by role (not limited to the period).</param>
public sealed record KpiReport(
    DateTimeOffset From,
    DateTimeOffset To,
    DateTimeOffset GeneratedAt,
    DurationKpi OrderProcessingTime,
    DurationKpi DeliveryTime,
    AccuracyKpi AccuracyRate,
    SatisfactionKpi CustomerSatisfaction,
    IReadOnlyList<StageCount> OrdersByStage,
    IReadOnlyList<RoleCount> OverdueTasks);

public sealed record DurationKpi(int Orders, double? AverageHours, double? MedianHours);

/// <param name="Rate">Between 0 and 1; null when nothing was delivered.</param>
public sealed record AccuracyKpi(int Delivered, int ReturnedWrongOrDamaged, double? Rate);

/// <param name="Distribution">How many answers gave 1, 2, 3, 4 and 5.</param>
public sealed record SatisfactionKpi(int Responses, double? AverageScore, IReadOnlyList<int> Distribution);

public sealed record StageCount(OrderStatus Status, int Orders);

/// <param name="Role">The task's role; "(personal)" for tasks assigned to one person without a role.</param>
public sealed record RoleCount(string Role, int Overdue);
