using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml;

namespace Fulfillment.Workflows;

/// <summary>
/// Durations in workflow JSON: ISO 8601 (<c>"P3D"</c>, <c>"PT2H30M"</c>) as people write them,
/// .NET's <c>"3.00:00:00"</c>, or a number of milliseconds (handy from expressions). Written as ISO 8601.
/// </summary>
public sealed class DurationJsonConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            var milliseconds = reader.GetDouble();
            // Beyond TimeSpan's range FromMilliseconds throws OverflowException, which is not a JSON error
            // and would surface as a 500 instead of a 400 naming the field.
            return Math.Abs(milliseconds) < TimeSpan.MaxValue.TotalMilliseconds
                ? TimeSpan.FromMilliseconds(milliseconds)
                : throw new JsonException($"{milliseconds} milliseconds is beyond the longest duration.");
        }

        var text = reader.GetString() ?? throw new JsonException("A duration cannot be null.");
        return TryParse(text, out var value)
            ? value
            : throw new JsonException($"'{text}' is not a duration; use ISO 8601 such as \"P3D\" or \"PT2H\".");
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
        writer.WriteStringValue(XmlConvert.ToString(value));

    public static bool TryParse(string text, out TimeSpan value)
    {
        if (text.StartsWith('P') || text.StartsWith("-P", StringComparison.Ordinal))
        {
            try
            {
                value = XmlConvert.ToTimeSpan(text);
                return true;
            }
            catch (Exception ex) when (ex is FormatException or OverflowException)
            {
                // OverflowException: a well-formed duration beyond TimeSpan's range (about 29,000 years).
                value = default;
                return false;
            }
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value);
    }
}
