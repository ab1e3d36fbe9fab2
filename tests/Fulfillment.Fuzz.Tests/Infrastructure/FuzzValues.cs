using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Fulfillment.Fuzz.Tests.Infrastructure;

/// <summary>The hostile values the mutators put where a field's value should be.</summary>
public static class FuzzValues
{
    private static readonly string[] Strings =
    [
        "", " ", "\t\r\n", "0", "-1", "null", "true", "[]", "{}", "NaN",
        "Ünïcødé ñame", "日本語のタイトル", "🚚📦✅", "\u202Eevil\u202C", "zero\u200Bwidth", "nul\u0000byte", "\uFEFFbom", "e\u0301\u0301\u0301",
        "../../etc/passwd", "C:\\Windows\\System32", "'; DROP TABLE WorkflowDefinitions;--", "\" OR 1=1 --",
        "<script>alert(1)</script>", "{{#each this}}{{this}}{{/each}}", "${7*7}", "%00%0d%0a", "%2F..%2F",
        "P3D", "PT-1S", "-P1D", "P99999999Y", "P1Y2M3DT4H5M6.7S", "PT0S", "10675199.02:48:05.4775807",
        "2026-13-45", "9999-12-31T23:59:59.9999999+14:00", "0001-01-01T00:00:00Z", "2026-02-30",
        "*/0 * * * *", "@reboot", "0 8 * * MON-FRI", "Start", "End", "Approved", "Done", "Default",
        "task:x", "admin@demo.local", "warehouse-staff@demo.local", "Warehouse Staff", "Admin", "nobody@nowhere",
        "constructor", "__proto__", "prototype", "toString", "hasOwnProperty",
    ];

    /// <summary>Number tokens a JSON reader must refuse or that overflow .NET types; written raw.</summary>
    private static readonly string[] NumberTokens =
    [
        "1e400", "-1e400", "1e-400", "123456789012345678901234567890", "-0", "0.0000001", "2147483648", "-2147483649",
        "9223372036854775808", "1.7976931348623157e309", "4.9e-325", "1.5", "-1", "0", "65535", "1e15", "8.64e15",
        "NaN", "Infinity", "-Infinity", "01", "0x1F", "1.", ".5", "+1", "1e", "--1",
    ];

    /// <summary>A string to put in a text field: odd, empty, huge, control characters, injections, lookalikes.</summary>
    public static string NastyString(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return random.Next(10) switch
        {
            0 => new string((char)random.Next('a', 'z' + 1), random.Next(10_000, 120_000)),
            1 => RandomUnicode(random, random.Next(1, 64)),
            2 => string.Concat(Enumerable.Repeat(Strings[random.Next(Strings.Length)], random.Next(2, 50))),
            _ => Strings[random.Next(Strings.Length)],
        };
    }

    /// <summary>A number token: valid, out of range for .NET types, or not JSON at all.</summary>
    public static JsonNode Number(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return random.Next(4) switch
        {
            0 => JsonValue.Create(random.Next(int.MinValue, int.MaxValue)),
            1 => JsonValue.Create(random.NextDouble() * Math.Pow(10, random.Next(-20, 300)) * (random.Next(2) == 0 ? 1 : -1)),
            _ => RawJson.Create(NumberTokens[random.Next(NumberTokens.Length)]),
        };
    }

    /// <summary>Any JSON value (or a raw token that is not one), nested up to <paramref name="depth"/>.</summary>
    public static JsonNode? Any(Random random, int depth = 3)
    {
        ArgumentNullException.ThrowIfNull(random);
        switch (random.Next(depth <= 0 ? 5 : 8))
        {
            case 0: return null;
            case 1: return JsonValue.Create(random.Next(2) == 0);
            case 2: return Number(random);
            case 3:
            case 4: return JsonValue.Create(NastyString(random));
            case 5:
                {
                    var array = new JsonArray();
                    for (var i = random.Next(5); i > 0; i--)
                    {
                        array.Add(Any(random, depth - 1));
                    }

                    return array;
                }

            case 6: return DeepNesting(random);
            default:
                {
                    var obj = new JsonObject();
                    for (var i = random.Next(5); i > 0; i--)
                    {
                        obj[PropertyName(random)] = Any(random, depth - 1);
                    }

                    return obj;
                }
        }
    }

    /// <summary>Arrays or objects nested far deeper than any reader allows, sometimes unbalanced.</summary>
    public static JsonNode DeepNesting(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var depth = random.Next(4) == 0 ? random.Next(10_000, 100_000) : random.Next(30, 300);
        var text = new StringBuilder();
        var objects = random.Next(2) == 0;
        for (var i = 0; i < depth; i++)
        {
            text.Append(objects ? "{\"a\":" : "[");
        }

        text.Append('1');
        var closing = random.Next(5) == 0 ? depth - 1 : depth;
        for (var i = 0; i < closing; i++)
        {
            text.Append(objects ? '}' : ']');
        }

        return RawJson.Create(text.ToString());
    }

    public static string PropertyName(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return random.Next(4) switch
        {
            0 => NastyString(random),
            1 => "$" + random.Next(100).ToString(CultureInfo.InvariantCulture),
            _ => Strings[random.Next(Strings.Length)],
        };
    }

    private static string RandomUnicode(Random random, int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            // Any BMP code point except surrogates (those go raw, see RawJson), plus some astral characters.
            var codePoint = random.Next(8) == 0 ? random.Next(0x1F300, 0x1FAFF) : random.Next(0, 0xD800);
            text.Append(char.ConvertFromUtf32(codePoint));
        }

        return text.ToString();
    }
}
