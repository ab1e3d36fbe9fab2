using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Fulfillment.Fuzz.Tests.Infrastructure;

namespace Fulfillment.Fuzz.Tests.Api;

/// <summary>Builds fuzzed API requests: a JSON body mutated from a valid one, hostile query strings and headers.</summary>
public static class RequestMutator
{
    private static readonly string[] ContentTypes =
    [
        "text/plain", "application/xml", "", "application/json; charset=utf-16", "application/json; charset=nonsense", "multipart/form-data; boundary=x",
        "application/x-www-form-urlencoded", "*/*", "application/problem+json", "application/merge-patch+json", "application/json;;;",
    ];

    private static readonly string[] Accepts = ["application/xml", "text/html", "*/*", "application/json;q=0", "image/png", "application/problem+json"];

    private static readonly string[] Authorizations =
    [
        "Bearer garbage", "Bearer ", "Basic YWRtaW46cGFzc3dvcmQ=", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.", "Negotiate x", "bearer",
    ];

    /// <summary>Query values: valid-looking, numeric edge cases and hostile text.</summary>
    private static readonly string[] QueryValues =
    [
        "", "0", "-1", "1", "2147483648", "-2147483649", "99999999999999999999", "1.5", "1e3", "abc", "null", "true", "Open", "open", "Completed",
        "Running", "Faulted", "Pending", "Failed", "Dispatched", "[]", "{}", "%", "%00", "a&b=c", "../", "' OR 1=1 --",
    ];

    /// <summary>A request with <paramref name="template"/> as its body, usually mutated, sometimes with an odd Content-Type.</summary>
    public static FuzzRequest JsonBody(FuzzCase fuzzCase, HttpMethod method, string url, string route, JsonNode? template, int mutatePercent = 70)
    {
        ArgumentNullException.ThrowIfNull(fuzzCase);
        var random = fuzzCase.Random;
        var document = new FuzzDocument(template);
        var applied = random.Next(100) < mutatePercent
            ? JsonMutator.Apply(document, random, random.Next(25) == 0 ? [JsonMutator.ReplaceRoot] : JsonMutator.Structural)
            : [];
        var body = JsonMutator.ToBytes(document.Render(), random, applied, damagePercent: 10);
        var contentType = random.Next(15) == 0 ? ContentTypes[random.Next(ContentTypes.Length)] : "application/json";
        fuzzCase.Record($"body mutations: {(applied.Count == 0 ? "none" : string.Join(", ", applied))}");
        return new FuzzRequest(method, url) { Body = random.Next(40) == 0 ? null : body, ContentType = contentType, Route = route, Headers = Headers(random) };
    }

    /// <summary>A query string over <paramref name="names"/>: some left out, some repeated, some without a value, plus junk parameters.</summary>
    public static string Query(Random random, params string[] names)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(names);
        var parts = new List<string>();
        foreach (var name in names.Append(FuzzValues.PropertyName(random)))
        {
            for (var i = random.Next(4) == 0 ? 2 : 1; i > 0; i--)
            {
                switch (random.Next(6))
                {
                    case 0:
                        break;
                    case 1:
                        parts.Add(Uri.EscapeDataString(name));
                        break;
                    case 2:
                        parts.Add($"{Uri.EscapeDataString(name)}={Uri.EscapeDataString(FuzzValues.NastyString(random))}");
                        break;
                    default:
                        parts.Add($"{Uri.EscapeDataString(name)}={Uri.EscapeDataString(QueryValues[random.Next(QueryValues.Length)])}");
                        break;
                }
            }
        }

        return parts.Count == 0 ? string.Empty : "?" + string.Join('&', parts);
    }

    /// <summary>Now and then an odd Accept header or an unreadable Authorization (which must be a 401 problem).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Headers(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var headers = new List<KeyValuePair<string, string>>();
        if (random.Next(15) == 0)
        {
            headers.Add(new("Accept", Accepts[random.Next(Accepts.Length)]));
        }

        if (random.Next(25) == 0)
        {
            headers.Add(new("Authorization", Authorizations[random.Next(Authorizations.Length)]));
        }

        return headers;
    }

    /// <summary>Header values are ASCII by the HTTP spec; within that, anything from empty to huge.</summary>
    public static string HeaderValue(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return random.Next(6) switch
        {
            0 => string.Empty,
            1 => new string('k', random.Next(1_000, 20_000)),
            2 => "\"quoted\" ; , = key",
            3 => Ascii(random, random.Next(1, 80)),
            _ => SeededGuid(random).ToString(),
        };
    }

    /// <summary>An id for a route segment: usually a known one, sometimes hostile (escaped for the URL).</summary>
    public static string Segment(Random random, IReadOnlyList<string> known)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(known);
        var id = known.Count > 0 && random.Next(4) > 0 ? known[random.Next(known.Count)] : FuzzValues.NastyString(random);
        return Uri.EscapeDataString(id.Length == 0 ? "-" : id);
    }

    /// <summary>A GUID from the case's own random source, so the case replays exactly.</summary>
    public static Guid SeededGuid(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private static string Ascii(Random random, int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            text.Append((char)random.Next(0x20, 0x7F));
        }

        return text.ToString().Trim() is { Length: > 0 } trimmed ? trimmed : random.Next(1000).ToString(CultureInfo.InvariantCulture);
    }
}
