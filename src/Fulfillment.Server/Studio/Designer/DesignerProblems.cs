using System.Text.RegularExpressions;
using Fulfillment.Workflows.Definitions;

namespace Fulfillment.Server.Studio.Designer;

/// <summary>A validation error placed where the designer shows it: on an activity (and input), or on the workflow.</summary>
/// <param name="ActivityId">The activity the error is about, if any (a connection's error belongs to its source).</param>
/// <param name="InputName">The input the error is about, if any.</param>
public sealed record DesignerProblem(string Path, string Message, string? ActivityId, string? InputName);

/// <summary>Locates the engine validator's errors (JSON paths) in the document being edited.</summary>
public static partial class DesignerProblems
{
    public static IReadOnlyList<DesignerProblem> Locate(IReadOnlyList<ValidationError> errors, DesignerDocument document)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(document);
        var activities = document.Activities;
        var connections = (document.Root["connections"] as System.Text.Json.Nodes.JsonArray ?? []).ToArray();
        return [.. errors.Select(error => Locate(error, activities, connections))];
    }

    /// <summary>The messages of each activity that has problems, for the canvas's red outlines and tooltips.</summary>
    public static Dictionary<string, string[]> ByActivity(IEnumerable<DesignerProblem> problems) =>
        problems.Where(p => p.ActivityId is not null)
            .GroupBy(p => p.ActivityId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray(), StringComparer.Ordinal);

    private static DesignerProblem Locate(
        ValidationError error,
        IReadOnlyList<System.Text.Json.Nodes.JsonObject> activities,
        System.Text.Json.Nodes.JsonNode?[] connections)
    {
        var activity = ActivityPath().Match(error.Path);
        if (activity.Success && int.TryParse(activity.Groups["index"].Value, out var a) && a < activities.Count)
        {
            var input = activity.Groups["input"].Success ? activity.Groups["input"].Value : null;
            return new(error.Path, error.Message, DesignerDocument.Text(activities[a]["id"]), input);
        }

        var connection = ConnectionPath().Match(error.Path);
        if (connection.Success && int.TryParse(connection.Groups["index"].Value, out var c) && c < connections.Length)
        {
            return new(error.Path, error.Message, DesignerDocument.Text(connections[c]?["from"]), null);
        }

        return new(error.Path, error.Message, null, null);
    }

    [GeneratedRegex(@"^\$\.activities\[(?<index>\d+)\](?:\.inputs\.(?<input>[A-Za-z_$][A-Za-z0-9_$]*))?")]
    private static partial Regex ActivityPath();

    [GeneratedRegex(@"^\$\.connections\[(?<index>\d+)\]")]
    private static partial Regex ConnectionPath();
}
