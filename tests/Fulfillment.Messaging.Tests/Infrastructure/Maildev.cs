using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Fulfillment.Messaging.Tests.Infrastructure;

/// <summary>One email as maildev's REST API shows it.</summary>
public sealed record MaildevEmail(string Id, string Subject, string MessageId, string Text, string Html, string[] To, string[] Cc, JsonObject Headers);

/// <summary>
/// The maildev SMTP server that test.sh starts (<c>maildev --ip 127.0.0.1 -s 1025 -w 1080</c>),
/// read through its REST API. Ports come from MAILDEV_SMTP_PORT / MAILDEV_WEB_PORT. If it is not
/// running, the tests that need it fail with a message saying so: they are never skipped.
/// Tests send to unique recipients and look only at their own messages, so they can run in
/// parallel with each other and with other test projects that use the same maildev.
/// </summary>
public sealed class Maildev : IDisposable
{
    private static readonly TimeSpan ArrivalTimeout = TimeSpan.FromSeconds(15);
    private readonly HttpClient _http;
    private readonly Lazy<Task> _reachable;

    public Maildev()
    {
        SmtpPort = Port("MAILDEV_SMTP_PORT", 1025);
        WebPort = Port("MAILDEV_WEB_PORT", 1080);
        _http = new HttpClient { BaseAddress = new Uri($"http://{Host}:{WebPort}/"), Timeout = TimeSpan.FromSeconds(10) };
        _reachable = new Lazy<Task>(CheckReachableAsync);
    }

    public const string Host = "127.0.0.1";

    public int SmtpPort { get; }

    public int WebPort { get; }

    /// <summary>Fails with an explanation when maildev is not running.</summary>
    public Task EnsureRunningAsync() => _reachable.Value;

    public async Task<IReadOnlyList<MaildevEmail>> ListAsync()
    {
        var emails = await _http.GetFromJsonAsync<JsonArray>("email") ?? [];
        return emails.OfType<JsonObject>().Select(Read).ToList();
    }

    /// <summary>The messages addressed to <paramref name="recipient"/>, once at least <paramref name="count"/> have arrived.</summary>
    public async Task<IReadOnlyList<MaildevEmail>> WaitForAsync(string recipient, int count = 1)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var found = await ForRecipientAsync(recipient);
            if (found.Count >= count)
            {
                return found;
            }

            if (watch.Elapsed > ArrivalTimeout)
            {
                throw new TimeoutException($"maildev received {found.Count} message(s) for {recipient} within {ArrivalTimeout.TotalSeconds:0} s; expected {count}.");
            }

            await Task.Delay(50);
        }
    }

    public async Task<IReadOnlyList<MaildevEmail>> ForRecipientAsync(string recipient) =>
        (await ListAsync()).Where(e => e.To.Contains(recipient, StringComparer.OrdinalIgnoreCase)).ToList();

    /// <summary>Removes this test's messages (not everyone's: other tests may be reading theirs).</summary>
    public async Task DeleteForRecipientAsync(string recipient)
    {
        foreach (var email in await ForRecipientAsync(recipient))
        {
            using var response = await _http.DeleteAsync($"email/{Uri.EscapeDataString(email.Id)}");
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task CheckReachableAsync()
    {
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        var advice = ci
            ? "CI=true: test.sh must install and start maildev before the tests run; check its output for the maildev step."
            : "Run ./test.sh (it installs and starts maildev), or start it yourself: npm install -g maildev@2.2.1 && maildev --ip 127.0.0.1 -s 1025 -w 1080.";
        try
        {
            using (var smtp = new TcpClient())
            {
                await smtp.ConnectAsync(Host, SmtpPort).WaitAsync(TimeSpan.FromSeconds(5));
            }

            using var response = await _http.GetAsync("email");
            response.EnsureSuccessStatusCode();
        }
        catch (Exception ex) when (ex is SocketException or HttpRequestException or TimeoutException or TaskCanceledException)
        {
            throw new InvalidOperationException(
                $"maildev (a real SMTP server) is not reachable at SMTP {Host}:{SmtpPort} / web {Host}:{WebPort} " +
                $"(MAILDEV_SMTP_PORT / MAILDEV_WEB_PORT): {ex.Message}. These tests are never skipped. {advice}", ex);
        }
    }

    private static MaildevEmail Read(JsonObject email) => new(
        (string?)email["id"] ?? string.Empty,
        (string?)email["subject"] ?? string.Empty,
        (string?)email["messageId"] ?? string.Empty,
        (string?)email["text"] ?? string.Empty,
        (string?)email["html"] ?? string.Empty,
        Addresses(email["to"]),
        Addresses(email["cc"]),
        email["headers"] as JsonObject ?? []);

    private static string[] Addresses(JsonNode? list) =>
        list is JsonArray items ? items.Select(a => (string?)a?["address"] ?? string.Empty).ToArray() : [];

    private static int Port(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var port) ? port : fallback;
}
