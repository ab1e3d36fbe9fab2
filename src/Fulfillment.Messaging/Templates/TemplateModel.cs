using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fulfillment.Messaging.Templates;

/// <summary>
/// Turns a JSON model into what Handlebars walks natively: dictionaries, lists and plain values
/// (so <c>{{customer.name}}</c>, <c>{{#each lines}}</c>, <c>{{lines.length}}</c> and <c>{{#if paid}}</c> behave as in JavaScript).
/// </summary>
internal static class TemplateModel
{
    public static object? From(object? model) => model is JsonNode node ? Convert(node) : model;

    private static object? Convert(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => obj.ToDictionary(p => p.Key, p => Convert(p.Value), StringComparer.Ordinal),
        // Arrays rather than lists: Handlebars.Net resolves .length on arrays, as templates written for handlebars.js expect.
        JsonArray array => array.Select(Convert).ToArray(),
        JsonValue value => ConvertValue(value),
        _ => node.ToJsonString(),
    };

    private static object? ConvertValue(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.String => value.GetValue<string>(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => ConvertNumber(value.ToJsonString()),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => value.ToJsonString(),
    };

    private static object ConvertNumber(string text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole) ? whole
        : decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact) ? exact
        : double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
