using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Fulfillment.Workflows.Definitions;

/// <summary>
/// A workflow definition as written in JSON (format version 1, see docs/workflow-format.md):
/// activities and the connections between their outcomes. Immutable; the version number is
/// assigned by the definition store, not written in the file.
/// </summary>
public sealed record WorkflowDefinition(
    int SchemaVersion,
    string Id,
    string Name,
    IReadOnlyList<ActivityNode> Activities,
    IReadOnlyList<Connection> Connections)
{
    public const int CurrentSchemaVersion = 1;

    public string? Description { get; init; }

    public IReadOnlyList<VariableDefinition> Variables { get; init; } = [];
}

/// <summary>One activity placed in a workflow.</summary>
/// <param name="Id">Unique within the workflow; connections and bookmarks refer to it.</param>
/// <param name="Type">The activity's stable short type name, e.g. <c>WaitForEvent</c>.</param>
public sealed record ActivityNode(string Id, string Type)
{
    /// <summary>Human title, e.g. the seed step "Check product availability in warehouse".</summary>
    public string? Name { get; init; }

    public string? Description { get; init; }

    /// <summary>Input values: a literal JSON value, or <c>{"expr": "javascript"}</c>.</summary>
    public IReadOnlyDictionary<string, JsonNode?> Inputs { get; init; } = new Dictionary<string, JsonNode?>();

    /// <summary>Output property name → workflow variable that receives its value.</summary>
    public IReadOnlyDictionary<string, string> Outputs { get; init; } = new Dictionary<string, string>();

    /// <summary>Designer position; optional, the designer lays out nodes without one.</summary>
    public Position? Position { get; init; }
}

public sealed record Position(double X, double Y);

/// <summary>Follow <paramref name="From"/>'s <see cref="Outcome"/> to <paramref name="To"/>.</summary>
public sealed record Connection(string From, string To)
{
    public string Outcome { get; init; } = Sdk.ActivityOutcomes.Done;
}

/// <summary>A declared workflow variable with an optional initial value.</summary>
public sealed record VariableDefinition(string Name)
{
    /// <summary>Informational type for the designer: string, number, boolean, object, array.</summary>
    public string Type { get; init; } = "object";

    [JsonPropertyName("default")]
    public JsonNode? DefaultValue { get; init; }
}
