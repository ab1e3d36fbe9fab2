using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Fulfillment.Workflows.Definitions;

/// <summary>Reads and writes the workflow JSON format; errors carry the JSON path of the problem.</summary>
public static partial class WorkflowDefinitionReader
{
    /// <summary>Parses a definition. Returns null with errors when the JSON does not have the format's shape.</summary>
    public static WorkflowDefinition? TryRead(string json, out IReadOnlyList<ValidationError> errors)
    {
        if (DuplicateProperties.Find(json) is var (path, name))
        {
            errors = [new ValidationError(path, $"Property '{name}' is written more than once in this object.")];
            return null;
        }

        try
        {
            var definition = JsonSerializer.Deserialize<WorkflowDefinition>(json, WorkflowJson.DefinitionOptions);
            if (definition is null)
            {
                errors = [new ValidationError("$", "The definition is empty (null).")];
                return null;
            }

            errors = [];
            return definition;
        }
        catch (JsonException ex)
        {
            errors = [new ValidationError(ex.Path ?? "$", Describe(ex))];
            return null;
        }
    }

    /// <exception cref="WorkflowValidationException">The JSON is not a definition.</exception>
    public static WorkflowDefinition Read(string json, string? source = null) =>
        TryRead(json, out var errors) ?? throw new WorkflowValidationException(source, errors);

    /// <summary>The canonical text of a definition: what the store keeps and exports, so round trips are clean.</summary>
    public static string Write(WorkflowDefinition definition) =>
        JsonSerializer.Serialize(definition, WorkflowJson.DefinitionOptions);

    /// <summary>A content hash of the canonical text, used to detect changed files.</summary>
    public static string Hash(string canonicalJson) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalJson)));

    private static string Describe(JsonException ex)
    {
        // System.Text.Json names CLR types and repeats the path; users need neither.
        var message = ex.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0)
        {
            message = message[..cut];
        }

        var unmapped = UnmappedProperty().Match(message);
        if (unmapped.Success)
        {
            message = $"Unknown property '{unmapped.Groups["name"].Value}'; see docs/workflow-format.md for the allowed properties.";
        }
        else if (message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
        {
            message = "This value has the wrong type for this property; see docs/workflow-format.md.";
        }
        else
        {
            message = ClrTypeName().Replace(message, m => m.Groups["name"].Value);
        }
        var location = ex.LineNumber is { } line ? $" (line {line + 1}, column {ex.BytePositionInLine + 1})" : string.Empty;
        return message + location;
    }

    [GeneratedRegex(@"^The JSON property '(?<name>[^']*)' could not be mapped")]
    private static partial Regex UnmappedProperty();

    [GeneratedRegex(@"'?(?:[A-Za-z_][A-Za-z0-9_]*\.)+(?<name>[A-Za-z_][A-Za-z0-9_`]*)'?")]
    private static partial Regex ClrTypeName();
}
