using Cronos;
using Fulfillment.Workflows.Activities;

namespace Fulfillment.Workflows.Definitions;

/// <summary>A published workflow that starts by itself on a cron schedule (its Start activity's <c>schedule</c>).</summary>
public sealed record WorkflowSchedule(string WorkflowId, string Cron, DateTimeOffset NextDueAt);

/// <summary>Where schedules live; the row's <see cref="WorkflowSchedule.NextDueAt"/> is the truth, like a timer row.</summary>
public interface IWorkflowScheduleStore
{
    /// <summary>Sets (or with null removes) the workflow's schedule.</summary>
    Task SetAsync(string workflowId, WorkflowSchedule? schedule, CancellationToken cancellationToken);

    /// <summary>The earliest schedule due at or before <paramref name="until"/>.</summary>
    Task<WorkflowSchedule?> FindNextDueAsync(DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>
    /// Claims one occurrence: moves the schedule from <paramref name="due"/> to <paramref name="next"/>
    /// only if it is still at <paramref name="due"/>. False when someone else claimed it.
    /// </summary>
    Task<bool> ClaimAsync(string workflowId, DateTimeOffset due, DateTimeOffset next, CancellationToken cancellationToken);
}

/// <summary>Cron handling in one place: parsing, validation and the next occurrence.</summary>
public static class CronSchedule
{
    /// <summary>The schedule a definition asks for, if any (a literal <c>schedule</c> on its Start activity).</summary>
    public static string? Of(WorkflowDefinition definition, Descriptors.ActivityRegistry registry)
    {
        var start = definition.Activities.FirstOrDefault(a => registry.TryGet(a.Type, out var d) && d.ClrType == typeof(Start));
        return start is not null && start.Inputs.TryGetValue("schedule", out var value) && value?.GetValueKind() == System.Text.Json.JsonValueKind.String
            ? value.GetValue<string>() is { Length: > 0 } cron ? cron : null
            : null;
    }

    /// <summary>A problem with the expression, or null when it is valid.</summary>
    public static string? Check(string cron)
    {
        try
        {
            CronExpression.Parse(cron);
            return null;
        }
        catch (CronFormatException ex)
        {
            return $"'{cron}' is not a cron expression (minute hour day-of-month month day-of-week): {ex.Message}";
        }
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/> (UTC), or null if there is none.</summary>
    public static DateTimeOffset? Next(string cron, DateTimeOffset after) =>
        CronExpression.Parse(cron).GetNextOccurrence(after, TimeZoneInfo.Utc);
}
