using Fulfillment.HumanTasks;

namespace Fulfillment.Server.Studio.Pages.Inbox;

/// <summary>The inbox's due-date filter.</summary>
public enum DueFilter
{
    Any,
    Overdue,

    /// <summary>Due before the end of today (UTC), overdue ones included.</summary>
    Today,

    /// <summary>Due before the end of this week (Monday to Sunday, UTC), overdue ones included.</summary>
    ThisWeek,
}

/// <summary>What the inbox shows of the user's open tasks: a filter and the counts above the list.</summary>
/// <param name="Search">Part of the order number or correlation id (case-insensitive).</param>
public sealed record InboxFilter(string? WorkflowId = null, string? Search = null, DueFilter Due = DueFilter.Any)
{
    public IReadOnlyList<HumanTaskView> Apply(IEnumerable<HumanTaskView> tasks, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var dueBefore = DueLimit(now);
        return tasks
            .Where(t => WorkflowId is null || t.WorkflowId == WorkflowId)
            .Where(t => string.IsNullOrWhiteSpace(Search)
                || (t.CorrelationId?.Contains(Search.Trim(), StringComparison.OrdinalIgnoreCase) ?? false))
            .Where(t => Due switch
            {
                DueFilter.Overdue => t.Overdue,
                DueFilter.Any => true,
                _ => t.DueAt < dueBefore,
            })
            .ToList();
    }

    /// <summary>The end of the period <see cref="Due"/> names (exclusive).</summary>
    private DateTimeOffset DueLimit(DateTimeOffset now)
    {
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        return Due switch
        {
            DueFilter.Today => today.AddDays(1),
            DueFilter.ThisWeek => today.AddDays(7 - ((int)today.DayOfWeek + 6) % 7),
            _ => DateTimeOffset.MaxValue,
        };
    }
}

/// <summary>The numbers above the inbox list.</summary>
public sealed record InboxCounts(int Open, int Overdue, int DueToday, int Mine)
{
    public static InboxCounts Of(IReadOnlyCollection<HumanTaskView> tasks, string me, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var today = new InboxFilter(Due: DueFilter.Today).Apply(tasks, now);
        return new InboxCounts(tasks.Count, tasks.Count(t => t.Overdue), today.Count(t => !t.Overdue), tasks.Count(t => t.Assignee == me));
    }
}
