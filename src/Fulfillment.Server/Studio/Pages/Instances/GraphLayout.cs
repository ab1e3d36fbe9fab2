using Fulfillment.Workflows.Definitions;

namespace Fulfillment.Server.Studio.Pages.Instances;

/// <summary>A node's box on the read-only graph (top-left corner, in SVG units).</summary>
public sealed record GraphBox(double X, double Y)
{
    public const double Width = 176;
    public const double Height = 64;

    public double CenterY => Y + (Height / 2);

    public double Right => X + Width;
}

/// <summary>
/// Where the read-only graph draws each activity: at its designer position when it has one; the
/// others in a simple layered layout (layer = longest path from Start, back edges of loops ignored),
/// placed below the positioned ones so the two never overlap.
/// </summary>
public static class GraphLayout
{
    private const double LayerGap = 240;
    private const double RowGap = 96;
    private const double Margin = 24;

    public static IReadOnlyDictionary<string, GraphBox> Place(WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var boxes = new Dictionary<string, GraphBox>(StringComparer.Ordinal);
        var positioned = definition.Activities.Where(a => a.Position is not null).ToList();
        var minX = positioned.Count > 0 ? positioned.Min(a => a.Position!.X) : 0;
        var minY = positioned.Count > 0 ? positioned.Min(a => a.Position!.Y) : 0;
        foreach (var activity in positioned)
        {
            // Shifted so the drawing starts at the margin whatever the designer's origin.
            boxes[activity.Id] = new GraphBox(activity.Position!.X - minX + Margin, activity.Position.Y - minY + Margin);
        }

        var unplaced = definition.Activities.Where(a => a.Position is null).Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        if (unplaced.Count == 0)
        {
            return boxes;
        }

        var top = boxes.Count > 0 ? boxes.Values.Max(b => b.Y) + GraphBox.Height + RowGap : Margin;
        var layers = Layers(definition);
        var rows = new Dictionary<int, int>();
        foreach (var activity in InstanceChecklist.FlowOrder(definition).Where(a => unplaced.Contains(a.Id)))
        {
            var layer = layers.GetValueOrDefault(activity.Id);
            var row = rows.GetValueOrDefault(layer);
            rows[layer] = row + 1;
            boxes[activity.Id] = new GraphBox(Margin + (layer * LayerGap), top + (row * RowGap));
        }

        return boxes;
    }

    /// <summary>Longest-path layers from Start over the flow without the edges that close loops.</summary>
    private static Dictionary<string, int> Layers(WorkflowDefinition definition)
    {
        var outgoing = definition.Connections.ToLookup(c => c.From, c => c.To, StringComparer.Ordinal);
        var backEdges = new HashSet<(string, string)>();
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: on the DFS stack, true: finished

        void Visit(string id)
        {
            state[id] = false;
            foreach (var next in outgoing[id])
            {
                if (!state.TryGetValue(next, out var finished))
                {
                    Visit(next);
                }
                else if (!finished)
                {
                    backEdges.Add((id, next));
                }
            }

            state[id] = true;
        }

        foreach (var start in definition.Activities.Where(a => a.Type == "Start"))
        {
            Visit(start.Id);
        }

        var layers = definition.Activities.ToDictionary(a => a.Id, _ => 0, StringComparer.Ordinal);
        var forward = definition.Connections.Where(c => !backEdges.Contains((c.From, c.To)) && layers.ContainsKey(c.To)).ToList();

        // Without back edges the graph is acyclic, so |activities| relaxation rounds settle every layer.
        for (var round = 0; round < definition.Activities.Count; round++)
        {
            var changed = false;
            foreach (var connection in forward)
            {
                if (layers.TryGetValue(connection.From, out var from) && layers[connection.To] < from + 1)
                {
                    layers[connection.To] = from + 1;
                    changed = true;
                }
            }

            if (!changed)
            {
                break;
            }
        }

        return layers;
    }
}
