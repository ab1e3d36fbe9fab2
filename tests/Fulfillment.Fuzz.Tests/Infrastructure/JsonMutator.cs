using System.Text;
using System.Text.Json.Nodes;

namespace Fulfillment.Fuzz.Tests.Infrastructure;

/// <summary>One named change to a document; the name goes into the failure report.</summary>
public sealed record Mutation(string Name, Action<FuzzDocument, Random> Apply);

/// <summary>
/// Mutations that apply to any JSON body: structural ones on the document (drop, duplicate or rename a
/// property, wrong types, nulls, hostile strings and numbers, deep nesting, enormous arrays) and
/// textual ones on the rendered bytes (truncation, random bytes, encodings).
/// </summary>
public static class JsonMutator
{
    public static IReadOnlyList<Mutation> Structural { get; } =
    [
        new("drop a property", (doc, random) =>
        {
            if (Pick(random, doc.Objects().Where(o => o.Count > 0).ToList()) is { } obj)
            {
                obj.Remove(obj.ElementAt(random.Next(obj.Count)).Key);
            }
        }),
        new("duplicate a property", (doc, random) =>
        {
            if (Pick(random, doc.Objects().Where(o => o.Count > 0).ToList()) is { } obj)
            {
                var (name, value) = obj.ElementAt(random.Next(obj.Count));
                doc.AddDuplicate(obj, name, random.Next(2) == 0 ? value : FuzzValues.Any(random));
            }
        }),
        new("rename a property", (doc, random) =>
        {
            if (Pick(random, doc.Objects().Where(o => o.Count > 0).ToList()) is { } obj)
            {
                var (name, value) = obj.ElementAt(random.Next(obj.Count));
                var renamed = random.Next(3) switch
                {
                    0 => name.ToUpperInvariant(),
                    1 => name + "\u200B",
                    _ => FuzzValues.PropertyName(random),
                };
                var detached = value?.DeepClone();
                obj.Remove(name);
                obj[renamed] = detached;
            }
        }),
        new("wrong JSON type", (doc, random) => SetRandomSlot(doc, random, old => old switch
        {
            JsonObject => new JsonArray(),
            JsonArray => JsonValue.Create("not an array"),
            JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => random.Next(2) == 0 ? JsonValue.Create(42) : new JsonObject(),
            _ => JsonValue.Create(random.Next(2) == 0 ? "42" : "true"),
        })),
        new("nulls everywhere", (doc, random) =>
        {
            var slots = doc.Slots();
            for (var i = random.Next(1, 10); i > 0 && slots.Count > 0; i--)
            {
                slots[random.Next(slots.Count)].Set(null);
                slots = doc.Slots();
            }
        }),
        new("hostile string", (doc, random) => SetRandomSlot(doc, random, _ => JsonValue.Create(FuzzValues.NastyString(random)))),
        new("number out of range", (doc, random) => SetRandomSlot(doc, random, _ => FuzzValues.Number(random))),
        new("deep nesting", (doc, random) => SetRandomSlot(doc, random, _ => FuzzValues.DeepNesting(random))),
        new("random value", (doc, random) => SetRandomSlot(doc, random, _ => FuzzValues.Any(random))),
        new("enormous array", (doc, random) =>
        {
            if (Pick(random, doc.Arrays()) is { } array)
            {
                var template = array.Count > 0 ? array[random.Next(array.Count)] : FuzzValues.Any(random, depth: 1);
                for (var i = EnormousCount(random); i > 0; i--)
                {
                    array.Add(template?.DeepClone());
                }
            }
        }),
        new("shuffle an array", (doc, random) =>
        {
            if (Pick(random, doc.Arrays().Where(a => a.Count > 1).ToList()) is { } array)
            {
                var items = array.Select(n => n?.DeepClone()).ToArray();
                random.Shuffle(items);
                array.Clear();
                foreach (var item in items)
                {
                    array.Add(item);
                }
            }
        }),
    ];

    /// <summary>Replaces the whole document with something that is not the expected object.</summary>
    public static Mutation ReplaceRoot { get; } = new("replace the root", (doc, random) => doc.Root = random.Next(4) switch
    {
        0 => null,
        1 => new JsonArray(doc.Root?.DeepClone()),
        2 => JsonValue.Create(FuzzValues.NastyString(random)),
        _ => FuzzValues.Number(random),
    });

    /// <summary>Applies 1–<paramref name="max"/> mutations from <paramref name="mutations"/>; returns their names.</summary>
    public static List<string> Apply(FuzzDocument document, Random random, IReadOnlyList<Mutation> mutations, int max = 3)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(mutations);
        var applied = new List<string>();
        for (var i = random.Next(1, max + 1); i > 0; i--)
        {
            var mutation = mutations[random.Next(mutations.Count)];
            mutation.Apply(document, random);
            applied.Add(mutation.Name);
        }

        return applied;
    }

    /// <summary>
    /// The body as bytes, usually exactly the rendered text, sometimes damaged: truncated, bytes
    /// flipped, inserted or deleted (possibly invalid UTF-8), another encoding, or empty.
    /// </summary>
    public static byte[] ToBytes(string text, Random random, List<string> applied, int damagePercent = 15)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(applied);
        var bytes = Encoding.UTF8.GetBytes(text);
        if (random.Next(100) >= damagePercent)
        {
            return bytes;
        }

        switch (random.Next(7))
        {
            case 0:
                applied.Add("truncated");
                return bytes[..random.Next(bytes.Length + 1)];
            case 1:
                {
                    applied.Add("random bytes flipped");
                    var copy = bytes.ToArray();
                    for (var i = random.Next(1, 8); i > 0 && copy.Length > 0; i--)
                    {
                        copy[random.Next(copy.Length)] = (byte)random.Next(256);
                    }

                    return copy;
                }

            case 2:
                {
                    applied.Add("random bytes inserted");
                    var junk = new byte[random.Next(1, 32)];
                    random.NextBytes(junk);
                    var at = random.Next(bytes.Length + 1);
                    return [.. bytes[..at], .. junk, .. bytes[at..]];
                }

            case 3:
                {
                    applied.Add("bytes deleted");
                    var at = random.Next(bytes.Length + 1);
                    var length = Math.Min(random.Next(1, 64), bytes.Length - at);
                    return [.. bytes[..at], .. bytes[(at + length)..]];
                }

            case 4:
                applied.Add("UTF-16 encoded");
                return Encoding.Unicode.GetBytes(text);
            case 5:
                applied.Add("byte order mark");
                return [0xEF, 0xBB, 0xBF, .. bytes];
            default:
                applied.Add("empty body");
                return [];
        }
    }

    public static T? Pick<T>(Random random, IReadOnlyList<T> items)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(items);
        return items.Count == 0 ? null : items[random.Next(items.Count)];
    }

    /// <summary>Mostly hundreds, sometimes thousands, now and then tens of thousands.</summary>
    public static int EnormousCount(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return random.Next(20) == 0 ? random.Next(10_000, 30_000) : random.Next(4) == 0 ? random.Next(1_000, 5_000) : random.Next(100, 1_000);
    }

    private static void SetRandomSlot(FuzzDocument doc, Random random, Func<JsonNode?, JsonNode?> replacement)
    {
        var slots = doc.Slots();
        if (slots.Count == 0)
        {
            doc.Root = replacement(doc.Root);
            return;
        }

        var slot = slots[random.Next(slots.Count)];
        slot.Set(replacement(slot.Value));
    }
}
