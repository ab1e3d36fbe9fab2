using System.Text;
using System.Text.Json;

namespace Fulfillment.Workflows.Definitions;

/// <summary>
/// Finds a property name written twice in one JSON object. The serializer would keep such a
/// duplicate inside free-form values (an input's JSON) and store text that other readers refuse or
/// read differently, so definitions are checked for it before they are read.
/// </summary>
internal static class DuplicateProperties
{
    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>
    /// The JSON path of the first repeated property, with its name; null when there is none, or when
    /// the text is not well-formed JSON (reading it reports that, with its own location).
    /// </summary>
    public static (string Path, string Name)? Find(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), ReaderOptions);
        var frames = new List<Frame>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        CountArrayElement(frames);
                        frames.Add(new Frame(reader.TokenType == JsonTokenType.StartObject));
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        break;
                    case JsonTokenType.PropertyName:
                        var frame = frames[^1];
                        frame.Property = reader.GetString()!;
                        if (!frame.Names.Add(frame.Property))
                        {
                            return (PathOf(frames), frame.Property);
                        }

                        break;
                    default:
                        CountArrayElement(frames);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }

    private static void CountArrayElement(List<Frame> frames)
    {
        if (frames.Count > 0 && !frames[^1].IsObject)
        {
            frames[^1].Index++;
        }
    }

    /// <summary>The path in the notation the serializer uses: <c>$.activities[1].inputs['odd name']</c>.</summary>
    private static string PathOf(List<Frame> frames)
    {
        var path = new StringBuilder("$");
        foreach (var frame in frames)
        {
            if (!frame.IsObject)
            {
                path.Append('[').Append(frame.Index).Append(']');
            }
            else if (frame.Property.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '$') && frame.Property.Length > 0)
            {
                path.Append('.').Append(frame.Property);
            }
            else
            {
                path.Append("['").Append(frame.Property.Replace("'", "\\'", StringComparison.Ordinal)).Append("']");
            }
        }

        return path.ToString();
    }

    private sealed class Frame(bool isObject)
    {
        public bool IsObject { get; } = isObject;

        public HashSet<string> Names { get; } = new(StringComparer.Ordinal);

        public string Property { get; set; } = string.Empty;

        public int Index { get; set; } = -1;
    }
}
