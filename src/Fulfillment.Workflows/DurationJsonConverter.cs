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
            return TimeSpan.FromMilliseconds(reader.GetDouble());
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
            catch (FormatException)
            {
                value = default;
                return false;
            }
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value);
    }
}
