using System.Text.Json.Nodes;
using Fulfillment.Workflows.Definitions;
using Fulfillment.Workflows.Sdk;

namespace Fulfillment.Server.Studio.Designer;

/// <summary>
/// The definition being edited, as the documented JSON. The canvas owns activities, connections and
/// positions and sends the whole document back after every change; the property panel and the
/// workflow settings change it here and push the change to the canvas.
/// </summary>
public sealed class DesignerDocument
{
    private DesignerDocument(JsonObject root) => Root = root;

    public JsonObject Root { get; }

    public string Id => Text(Root["id"]) ?? string.Empty;

    public string Name => Text(Root["name"]) ?? string.Empty;

    /// <summary>A document from JSON text in the definition format (canonical or as the canvas sends it).</summary>
    /// <exception cref="System.Text.Json.JsonException">Not JSON.</exception>
    public static DesignerDocument Parse(string json) =>
        new(JsonNode.Parse(json) as JsonObject ?? throw new System.Text.Json.JsonException("A workflow definition is a JSON object."));

    /// <summary>The canonical text of a readable definition: what the store would keep.</summary>
    public static DesignerDocument FromDefinition(WorkflowDefinition definition) => Parse(WorkflowDefinitionReader.Write(definition));

    public IReadOnlyList<JsonObject> Activities => [.. (Root["activities"] as JsonArray ?? []).OfType<JsonObject>()];

    public JsonObject? Activity(string id) => Activities.FirstOrDefault(a => Text(a["id"]) == id);

    /// <summary>Every connection; <c>outcome</c> defaults to Done as in the format.</summary>
    public IReadOnlyList<(string From, string Outcome, string To)> Connections =>
    [
        .. (Root["connections"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(c => (From: Text(c["from"]), Outcome: Text(c["outcome"]) ?? ActivityOutcomes.Done, To: Text(c["to"])))
            .Where(c => c.From is not null && c.To is not null)
            .Select(c => (c.From!, c.Outcome, c.To!)),
    ];

    public IReadOnlyList<string> TargetsOf(string from, string outcome) =>
        [.. Connections.Where(c => c.From == from && c.Outcome == outcome).Select(c => c.To)];

    /// <summary>The workflow's own properties: everything but activities and connections.</summary>
    public JsonObject Settings()
    {
        var settings = new JsonObject();
        foreach (var (name, value) in Root)
        {
            if (name is not "activities" and not "connections")
            {
                settings[name] = value?.DeepClone();
            }
        }

        return settings;
    }

    public void ReplaceSettings(JsonObject settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var activities = Root["activities"]?.DeepClone();
        var connections = Root["connections"]?.DeepClone();
        Root.Clear();
        foreach (var (name, value) in settings)
        {
            if (name is not "activities" and not "connections")
            {
                Root[name] = value?.DeepClone();
            }
        }

        Root["activities"] = activities ?? new JsonArray();
        Root["connections"] = connections ?? new JsonArray();
    }

    public void ReplaceActivity(JsonObject activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (Root["activities"] is not JsonArray activities)
        {
            return;
        }

        var id = Text(activity["id"]);
        for (var i = 0; i < activities.Count; i++)
        {
            if (activities[i] is JsonObject existing && Text(existing["id"]) == id)
            {
                activities[i] = activity.DeepClone();
                return;
            }
        }
    }

    public string ToJson() => Root.ToJsonString();

    /// <summary>The activity's id, display text of a string property, or null.</summary>
    public static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue(out string? text) ? text : null;
}
