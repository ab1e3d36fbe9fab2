using System.Text.Json.Nodes;
using Fulfillment.Workflows.EntityFrameworkCore;
using Fulfillment.Workflows.Runtime;

namespace Fulfillment.Workflows.Tests.Infrastructure;

public static class DetailsExtensions
{
    /// <summary>Journal entries of one kind, optionally for one activity, in commit order.</summary>
    public static IReadOnlyList<JournalEntryView> Entries(this InstanceDetails details, JournalEventKind kind, string? activityId = null) =>
        details.Journal
            .Where(j => j.Kind == kind.ToString() && (activityId is null || j.ActivityId == activityId))
            .ToList();

    /// <summary>The activity ids that completed, in order (one per completion).</summary>
    public static IReadOnlyList<string?> CompletedActivities(this InstanceDetails details) =>
        details.Entries(JournalEventKind.ActivityCompleted).Select(j => j.ActivityId).ToList();

    public static JsonNode? Variable(this InstanceDetails details, string name) => details.Variables[name];

    public static string? StringVariable(this InstanceDetails details, string name) =>
        details.Variables[name]?.GetValue<string>();

    public static double NumberVariable(this InstanceDetails details, string name) =>
        details.Variables[name]?.GetValue<double>() ?? throw new InvalidOperationException($"Variable '{name}' is not set.");
}
