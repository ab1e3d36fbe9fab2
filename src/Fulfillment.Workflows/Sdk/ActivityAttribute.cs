namespace Fulfillment.Workflows.Sdk;

/// <summary>
/// Marks a class as a workflow activity and describes it for the designer palette.
/// The short <see cref="Type"/> name is what workflow JSON files refer to; it defaults to
/// the class name without an "Activity" suffix and must never change once published.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ActivityAttribute(string category, string displayName) : Attribute
{
    public string Category { get; } = category;

    public string DisplayName { get; } = displayName;

    public string? Description { get; set; }

    /// <summary>Stable short type name used in workflow JSON; defaults to the class name.</summary>
    public string? Type { get; set; }

    /// <summary>
    /// Outcomes this activity can leave by. Defaults to <c>Done</c>.
    /// </summary>
    public string[] Outcomes { get; set; } = [ActivityOutcomes.Done];
}

/// <summary>Well-known outcome names shared by the built-in activities.</summary>
public static class ActivityOutcomes
{
    public const string Done = "Done";
    public const string True = "True";
    public const string False = "False";
    public const string Default = "Default";
    public const string TimedOut = "TimedOut";
}
