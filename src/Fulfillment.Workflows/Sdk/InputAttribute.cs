namespace Fulfillment.Workflows.Sdk;

/// <summary>
/// Marks a public settable property as an activity input. The runtime binds it before the
/// activity runs, from a literal JSON value or a JavaScript expression in the definition.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class InputAttribute : Attribute
{
    public string? DisplayName { get; set; }

    public string? Description { get; set; }

    /// <summary>A required input must be present in the definition (validated before publish).</summary>
    public bool Required { get; set; }

    /// <summary>Closed list of allowed values; shown as a dropdown in the designer. Enums get this for free.</summary>
    public string[]? Options { get; set; }

    /// <summary>Designer hint, e.g. <c>multiline</c>, <c>role</c>, <c>activity-list</c>, <c>json</c>.</summary>
    public string? UIHint { get; set; }

    /// <summary>Default value (as JSON text) shown in the designer when the input is left empty.</summary>
    public string? DefaultValue { get; set; }
}

/// <summary>
/// Marks a public property as an activity output. After the activity completes, its value is
/// copied into the workflow variable that the definition maps it to (if any).
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class OutputAttribute : Attribute
{
    public string? Description { get; set; }
}
