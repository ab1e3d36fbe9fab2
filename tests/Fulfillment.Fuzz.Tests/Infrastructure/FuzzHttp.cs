using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Fulfillment.Fuzz.Tests.Infrastructure;

/// <summary>A request as the fuzzer builds it: the body is raw bytes (it may not even be UTF-8) with any Content-Type text.</summary>
public sealed record FuzzRequest(HttpMethod Method, string Url)
{
    public byte[]? Body { get; init; }

    public string? ContentType { get; init; } = "application/json";

    /// <summary>The route template (e.g. <c>/api/tasks/{id}/complete</c>), so failures of one endpoint group together.</summary>
    public string Route { get; init; } = Url.Split('?')[0];

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public static FuzzRequest Json(HttpMethod method, string url, string json) => new(method, url) { Body = Encoding.UTF8.GetBytes(json) };

    public string Describe()
    {
        var text = new StringBuilder($"{Method} {Url}");
        foreach (var (name, value) in Headers)
        {
            text.Append(CultureInfo.InvariantCulture, $" [{name}: {value}]");
        }

        if (Body is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" [Content-Type: {ContentType ?? "(none)"}] body ({Body.Length:N0} bytes): ");
            text.Append(IsUtf8(Body) ? Encoding.UTF8.GetString(Body) : "base64:" + Convert.ToBase64String(Body));
        }

        return text.ToString();
    }

    private static bool IsUtf8(byte[] bytes)
    {
        try
        {
            _ = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}

/// <summary>What came back; <see cref="Json"/> is the parsed body when it is JSON.</summary>
public sealed record FuzzResponse(int Status, string Body, JsonElement? Json)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    public JsonElement Root => Json ?? throw new InvalidOperationException($"HTTP {Status} had no JSON body: {Body}");
}

/// <summary>
/// Sends fuzzed requests and checks the API's promises on every answer: never a 5xx; every 4xx is
/// RFC 7807 problem details with its status and a title; every 400 names the field or JSON path it
/// is about (<c>path</c>, <c>errors[].path</c>, or the field-keyed <c>errors</c> of a validation problem).
/// </summary>
public static class FuzzHttp
{
    private const int MaxLoggedResponse = 2_000;

    public static async Task<FuzzResponse> SendAsync(this HttpClient client, FuzzCase fuzzCase, FuzzRequest request, ServerErrorLog? serverErrors = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(fuzzCase);
        ArgumentNullException.ThrowIfNull(request);

        using var message = new HttpRequestMessage(request.Method, CarriablePath(request.Url));
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            if (request.ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
            }
        }

        foreach (var (name, value) in request.Headers)
        {
            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        fuzzCase.Record(request.Describe());
        var errorsBefore = serverErrors?.Count ?? 0;
        using var response = await client.SendAsync(message);
        var body = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        fuzzCase.Record($"  → {status} {(body.Length <= MaxLoggedResponse ? body : body[..MaxLoggedResponse] + "…")}");

        var json = TryParse(body);
        if (status >= 500)
        {
            var logged = serverErrors?.Since(errorsBefore) ?? [];
            throw new FuzzInvariantException($"HTTP {status} from {request.Method} {request.Route}",
                $"{body}{(logged.Count == 0 ? string.Empty : Environment.NewLine + "Server log:" + Environment.NewLine + string.Join(Environment.NewLine, logged))}");
        }

        if (status >= 400)
        {
            CheckProblem(request, response.Content.Headers.ContentType, status, body, json);
        }
        else if (IsJson(response.Content.Headers.ContentType) && body.Length > 0 && json is null)
        {
            throw new FuzzInvariantException($"unreadable JSON from {request.Method} {request.Route}", body);
        }

        return new FuzzResponse(status, body, json);
    }

    /// <summary>
    /// The in-memory test server throws (client side) on a NUL (<c>%00</c>) in the path, and Kestrel
    /// refuses such a request line itself with a bare 400 before any code of ours runs: there is nothing
    /// of the server's to test there. Such a path is sent with U+0001 instead, which still reaches the
    /// endpoints as a control character. The query may keep its NULs; both servers pass them on.
    /// </summary>
    private static string CarriablePath(string url)
    {
        var query = url.IndexOf('?', StringComparison.Ordinal);
        return query < 0
            ? url.Replace("%00", "%01", StringComparison.Ordinal)
            : url[..query].Replace("%00", "%01", StringComparison.Ordinal) + url[query..];
    }

    private static void CheckProblem(FuzzRequest request, MediaTypeHeaderValue? contentType, int status, string body, JsonElement? json)
    {
        var where = $"{request.Method} {request.Route}";
        if (contentType?.MediaType != "application/problem+json")
        {
            throw new FuzzInvariantException($"HTTP {status} without problem details from {where}", $"Content-Type {contentType?.MediaType ?? "(none)"}: {body}");
        }

        if (json is not { ValueKind: JsonValueKind.Object } problem
            || !problem.TryGetProperty("status", out var statusProperty) || statusProperty.ValueKind != JsonValueKind.Number || statusProperty.GetInt32() != status
            || !problem.TryGetProperty("title", out var title) || title.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(title.GetString()))
        {
            throw new FuzzInvariantException($"HTTP {status} with incomplete problem details from {where}", body);
        }

        if (status == 400 && !NamesAPath(problem))
        {
            throw new FuzzInvariantException($"HTTP 400 without a path from {where}", body);
        }
    }

    private static bool NamesAPath(JsonElement problem)
    {
        if (problem.TryGetProperty("path", out var path) && path.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(path.GetString()))
        {
            return true;
        }

        if (!problem.TryGetProperty("errors", out var errors))
        {
            return false;
        }

        return errors.ValueKind switch
        {
            JsonValueKind.Array => errors.EnumerateArray().Any(e =>
                e.ValueKind == JsonValueKind.Object && e.TryGetProperty("path", out var p) && p.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(p.GetString())),
            // ASP.NET Core's validation problem: { "errors": { "email": ["…"] } }, keyed by the field.
            JsonValueKind.Object => errors.EnumerateObject().Any(e => !string.IsNullOrWhiteSpace(e.Name)),
            _ => false,
        };
    }

    private static bool IsJson(MediaTypeHeaderValue? contentType) =>
        contentType?.MediaType is { } media && (media == "application/json" || media.EndsWith("+json", StringComparison.Ordinal));

    private static JsonElement? TryParse(string body)
    {
        if (body.Length == 0)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
