using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Fulfillment.MultiNode.Tests.Infrastructure;

/// <summary>One delivery maildev received: who it was for, and its Message-Id.</summary>
public sealed record Delivery(string To, string MessageId);

/// <summary>
/// The maildev that test.sh starts (ports from MAILDEV_SMTP_PORT / MAILDEV_WEB_PORT), read through its
/// REST API. Every delivery is kept, so a message sent twice shows up twice.
/// </summary>
public sealed class MaildevInbox : IDisposable
{
    private readonly HttpClient _http;

    public MaildevInbox()
    {
        SmtpPort = Port("MAILDEV_SMTP_PORT", 1025);
        _http = new HttpClient
        {
            BaseAddress = new Uri($"http://127.0.0.1:{Port("MAILDEV_WEB_PORT", 1080)}/"),
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public int SmtpPort { get; }

    /// <summary>Deliveries to addresses ending in <paramref name="domain"/> (the test's own).</summary>
    public async Task<IReadOnlyList<Delivery>> ForDomainAsync(string domain)
    {
        JsonArray emails;
        try
        {
            emails = await _http.GetFromJsonAsync<JsonArray>("email") ?? [];
        }
        catch (HttpRequestException ex)
        {
            throw new InvalidOperationException(
                $"maildev is not reachable at {_http.BaseAddress}: {ex.Message}. Run ./test.sh (it starts maildev) or start " +
                "maildev --ip 127.0.0.1 -s 1025 -w 1080. This test is never skipped for want of it.", ex);
        }

        return emails.OfType<JsonObject>()
            .SelectMany(e => (e["to"] as JsonArray ?? []).Select(to => new Delivery((string?)to?["address"] ?? "", (string?)e["messageId"] ?? "")))
            .Where(d => d.To.EndsWith(domain, StringComparison.OrdinalIgnoreCase))
            .ToList();
    }

    public void Dispose() => _http.Dispose();

    private static int Port(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var port) ? port : fallback;
}
