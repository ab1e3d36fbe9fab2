using System.Text.Json;
using System.Text.Json.Nodes;
using Fulfillment.Workflows.Definitions;

namespace Fulfillment.Server.Studio.Designer;

/// <summary>
/// Input values as the definition holds them: a literal JSON value, or an expression
/// <c>{"expr": "…"}</c>. The literal/expression toggle converts between the two without losing
/// what the user typed when that is possible.
/// </summary>
public static class InputValues
{
    public static bool IsExpression(JsonNode? value, out string code) => WorkflowValidator.IsExpression(value, out code);

    public static JsonObject Expression(string code) => new() { ["expr"] = code };

    /// <summary>JavaScript that evaluates to the literal: JSON is JavaScript, except that an object needs parentheses.</summary>
    public static string ToExpressionCode(JsonNode? literal) => literal switch
    {
        null => string.Empty,
        JsonObject => $"({literal.ToJsonString()})",
        _ => literal.ToJsonString(),
    };

    /// <summary>The literal an expression stands for when it is plain JSON (<c>'P2D'</c> is not, <c>"P2D"</c> is); else null.</summary>
    public static JsonNode? ToLiteral(string code)
    {
        var text = code.Trim();
        if (text.Length >= 2 && text[0] == '(' && text[^1] == ')')
        {
            text = text[1..^1];
        }

        if (text.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A literal shown in a text box: strings as they are, anything else as JSON.</summary>
    public static string ToText(JsonNode? literal) => literal switch
    {
        null => string.Empty,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => literal.ToJsonString(),
    };

    /// <summary>Indented JSON for the JSON editor.</summary>
    public static string ToJsonText(JsonNode? literal) =>
        literal?.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) ?? string.Empty;

    /// <summary>Parses the JSON editor's text; blank is "not set".</summary>
    public static bool TryParseJson(string? text, out JsonNode? value, out string? error)
    {
        value = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        try
        {
            value = JsonNode.Parse(text);
            return true;
        }
        catch (JsonException ex)
        {
            error = $"Not valid JSON: {ex.Message.Split(" Path:", 2)[0]}";
            return false;
        }
    }

    /// <summary>One string per non-blank line, as a JSON array; no lines is "not set".</summary>
    public static JsonArray? LinesToArray(string? text)
    {
        var lines = (text ?? string.Empty).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        return lines.Length == 0 ? null : new JsonArray([.. lines.Select(l => (JsonNode)JsonValue.Create(l))]);
    }

    public static string ArrayToLines(JsonNode? value) =>
        value is JsonArray array
            ? string.Join('\n', array.Select(item => item is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : item?.ToJsonString() ?? "null"))
            : ToText(value);

    /// <summary>The strings of a JSON array (other items are skipped).</summary>
    public static IReadOnlyList<string> Strings(JsonNode? value) =>
        value is JsonArray array
            ? [.. array.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>())]
            : [];
}
