using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fulfillment.Workflows;

/// <summary>The JSON settings the engine uses everywhere: one place, so every file and API agrees.</summary>
public static class WorkflowJson
{
    /// <summary>For values: variables, inputs, outputs, payloads, stored state.</summary>
    public static JsonSerializerOptions Options { get; } = Create(strict: false);

    /// <summary>
    /// For definition files: hand-edited, so comments and trailing commas are allowed, but an
    /// unknown or missing property is an error with its JSON path instead of being silently ignored.
    /// </summary>
    public static JsonSerializerOptions DefinitionOptions { get; } = Create(strict: true);

    /// <summary>How deeply a definition document may nest objects and arrays.</summary>
    public const int MaxDefinitionDepth = 48;

    private static JsonSerializerOptions Create(bool strict)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            Converters = { new JsonStringEnumConverter(), new DurationJsonConverter() },
        };
        if (strict)
        {
            options.ReadCommentHandling = JsonCommentHandling.Skip;
            options.AllowTrailingCommas = true;
            options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            options.RespectNullableAnnotations = true;
            options.RespectRequiredConstructorParameters = true;
            options.WriteIndented = true;

            // Below the usual limit of 64 so that every API answer carrying a definition inside an
            // envelope ({ "definition": … }) can still be written; deeper is an error with its path.
            options.MaxDepth = MaxDefinitionDepth;
        }

        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
