using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fulfillment.Fuzz.Tests.Infrastructure;

/// <summary>A value written verbatim into the JSON text: tokens a <see cref="JsonNode"/> cannot hold (1e400, NaN, 100,000-deep nesting).</summary>
public static class RawJson
{
    private const string Marker = "\u0001raw\u0001";

    public static JsonValue Create(string raw) => JsonValue.Create(Marker + raw);

    public static bool TryGet(JsonNode? node, out string raw)
    {
        if (node is JsonValue value && value.TryGetValue(out string? text) && text.StartsWith(Marker, StringComparison.Ordinal))
        {
            raw = text[Marker.Length..];
            return true;
        }

        raw = string.Empty;
        return false;
    }
}

/// <summary>A place in a document that holds a value: a property of an object or an element of an array.</summary>
public sealed record Slot(JsonNode Owner, string? Name, int Index)
{
    public JsonNode? Value => Owner is JsonObject obj ? obj[Name!] : ((JsonArray)Owner)[Index];

    public void Set(JsonNode? value)
    {
        // A node belongs to one tree; a value taken from elsewhere in the document is copied.
        var detached = value?.Parent is null ? value : value.DeepClone();
        if (Owner is JsonObject obj)
        {
            obj[Name!] = detached;
        }
        else
        {
            ((JsonArray)Owner)[Index] = detached;
        }
    }
}

/// <summary>
/// A JSON document being mutated. Beyond what <see cref="JsonNode"/> can express it keeps duplicate
/// property names and raw tokens (<see cref="RawJson"/>), and renders the whole thing as text.
/// </summary>
public sealed class FuzzDocument(JsonNode? root)
{
    private readonly Dictionary<JsonObject, List<KeyValuePair<string, JsonNode?>>> _duplicates = new(ReferenceEqualityComparer.Instance);

    public JsonNode? Root { get; set; } = root;

    /// <summary>Writes <paramref name="name"/> a second time in <paramref name="owner"/>, after its own properties.</summary>
    public void AddDuplicate(JsonObject owner, string name, JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (!_duplicates.TryGetValue(owner, out var list))
        {
            _duplicates[owner] = list = [];
        }

        list.Add(new(name, value?.Parent is null ? value : value.DeepClone()));
    }

    /// <summary>Every value slot of the document, depth first.</summary>
    public List<Slot> Slots()
    {
        var slots = new List<Slot>();
        if (Root is not null)
        {
            Collect(Root, slots);
        }

        return slots;
    }

    public List<JsonObject> Objects() =>
        [.. Enumerable.Repeat(Root, 1).Concat(Slots().Select(s => s.Value)).OfType<JsonObject>()];

    public List<JsonArray> Arrays() =>
        [.. Enumerable.Repeat(Root, 1).Concat(Slots().Select(s => s.Value)).OfType<JsonArray>()];

    public string Render()
    {
        var text = new StringBuilder();
        Write(text, Root);
        return text.ToString();
    }

    private static void Collect(JsonNode node, List<Slot> slots)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    slots.Add(new Slot(obj, name, -1));
                    if (value is not null)
                    {
                        Collect(value, slots);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    slots.Add(new Slot(array, null, i));
                    if (array[i] is { } element)
                    {
                        Collect(element, slots);
                    }
                }

                break;
        }
    }

    private void Write(StringBuilder text, JsonNode? node)
    {
        switch (node)
        {
            case null:
                text.Append("null");
                break;
            case JsonObject obj:
                {
                    text.Append('{');
                    var first = true;
                    var members = obj.AsEnumerable();
                    if (_duplicates.TryGetValue(obj, out var duplicates))
                    {
                        members = members.Concat(duplicates);
                    }

                    foreach (var (name, value) in members)
                    {
                        text.Append(first ? string.Empty : ",");
                        first = false;
                        text.Append(JsonSerializer.Serialize(name)).Append(':');
                        Write(text, value);
                    }

                    text.Append('}');
                    break;
                }

            case JsonArray array:
                text.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    text.Append(i == 0 ? string.Empty : ",");
                    Write(text, array[i]);
                }

                text.Append(']');
                break;
            default:
                text.Append(RawJson.TryGet(node, out var raw) ? raw : node.ToJsonString());
                break;
        }
    }
}
