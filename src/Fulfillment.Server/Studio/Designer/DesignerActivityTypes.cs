using System.Text.Json;
using System.Text.Json.Nodes;
using Fulfillment.Workflows;
using Fulfillment.Workflows.Definitions;
using Fulfillment.Workflows.Descriptors;

namespace Fulfillment.Server.Studio.Designer;

/// <summary>What the canvas needs to know about an activity type to draw it.</summary>
public sealed record CanvasActivityType(string Type, string Category, string DisplayName, IReadOnlyList<string> Outcomes, string Colour);

/// <summary>
/// The activity descriptors as the designer uses them: the same registry that serves
/// <c>GET /api/activity-types</c>, so a custom activity appears in the palette and property panel
/// without any designer code.
/// </summary>
public sealed class DesignerActivityTypes(ActivityRegistry registry)
{
    /// <summary>Every type in palette order (category, then display name).</summary>
    public IReadOnlyList<ActivityDescriptor> All => registry.All;

    public IReadOnlyList<CanvasActivityType> ForCanvas =>
        [.. registry.All.Select(d => new CanvasActivityType(d.Type, d.Category, d.DisplayName, d.Outcomes, ActivityColours.Of(d.Category)))];

    public ActivityDescriptor? Find(string? type) =>
        type is not null && registry.TryGet(type, out var descriptor) ? descriptor : null;

    /// <summary>
    /// The outcomes of an activity as written, for types whose outcomes depend on their inputs
    /// (a Switch's cases); null for every other type, whose outcomes are the descriptor's.
    /// </summary>
    public IReadOnlyList<string>? DynamicOutcomes(JsonObject activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (Find(DesignerDocument.Text(activity["type"])) is not { DynamicOutcomes: true } descriptor)
        {
            return null;
        }

        try
        {
            var node = activity.Deserialize<ActivityNode>(WorkflowJson.DefinitionOptions);
            return node is null ? descriptor.Outcomes : [.. descriptor.OutcomesFor(node).Distinct(StringComparer.Ordinal)];
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            // Half-typed cases: draw the fixed outcomes until the activity reads again.
            return descriptor.Outcomes;
        }
    }

    /// <summary>The dynamic outcomes of every activity that has them, by activity id.</summary>
    public Dictionary<string, IReadOnlyList<string>> DynamicOutcomes(DesignerDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var outcomes = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var activity in document.Activities)
        {
            if (DesignerDocument.Text(activity["id"]) is { } id && DynamicOutcomes(activity) is { } dynamic)
            {
                outcomes[id] = dynamic;
            }
        }

        return outcomes;
    }

    /// <summary>The outcomes an activity can leave by, as drawn.</summary>
    public IReadOnlyList<string> OutcomesOf(JsonObject activity) =>
        DynamicOutcomes(activity) ?? Find(DesignerDocument.Text(activity["type"]))?.Outcomes ?? [];
}
