using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Fulfillment.Workflows.Definitions;

namespace Fulfillment.Workflows.Descriptors;

/// <summary>
/// Everything the designer and the validator need to know about an activity type, derived
/// from its attributes. This is the single source of truth served by <c>GET /api/activity-types</c>.
/// </summary>
public sealed record ActivityDescriptor(
    string Type,
    string Category,
    string DisplayName,
    string? Description,
    IReadOnlyList<InputDescriptor> Inputs,
    IReadOnlyList<OutputDescriptor> Outputs,
    IReadOnlyList<string> Outcomes)
{
    /// <summary>True when the outcomes depend on the node's inputs (e.g. a switch's cases).</summary>
    public bool DynamicOutcomes => OutcomesResolver is not null;

    /// <summary>The implementing class; internal so the wire format never carries CLR type names.</summary>
    internal Type ClrType { get; init; } = null!;

    [JsonIgnore]
    internal Func<ActivityNode, IReadOnlyList<string>>? OutcomesResolver { get; init; }

    [JsonIgnore]
    internal Func<ActivityNode, string, IEnumerable<ValidationError>>? Validator { get; init; }

    /// <summary>The outcomes a particular node can leave by.</summary>
    public IReadOnlyList<string> OutcomesFor(ActivityNode node) => OutcomesResolver?.Invoke(node) ?? Outcomes;
}

/// <param name="Type">Editor type: string, integer, number, boolean, datetime, duration, string[], object, array, json.</param>
public sealed record InputDescriptor(string Name, string Type, bool Required)
{
    public string? DisplayName { get; init; }

    public string? Description { get; init; }

    public IReadOnlyList<string>? Options { get; init; }

    public string? UIHint { get; init; }

    public JsonNode? DefaultValue { get; init; }

    [JsonIgnore]
    internal PropertyInfo Property { get; init; } = null!;
}

public sealed record OutputDescriptor(string Name, string Type)
{
    public string? Description { get; init; }

    [JsonIgnore]
    internal PropertyInfo Property { get; init; } = null!;
}

/// <summary>
/// Implemented by activities with rules beyond their inputs' types (e.g. a form's field names),
/// checked whenever a definition is validated.
/// </summary>
public interface IValidatingActivity
{
    /// <param name="node">The node as written.</param>
    /// <param name="path">The node's JSON path, e.g. <c>$.activities[3]</c>.</param>
    static abstract IEnumerable<ValidationError> Validate(ActivityNode node, string path);
}

/// <summary>Implemented by activities whose outcomes depend on their configuration.</summary>
public interface IDynamicOutcomes
{
    static abstract IReadOnlyList<string> OutcomesFor(ActivityNode node);
}
