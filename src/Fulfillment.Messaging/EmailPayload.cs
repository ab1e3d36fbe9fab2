using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fulfillment.Messaging;

/// <summary>
/// An outbox message of kind <c>email</c>: everything rendered at the time the workflow ran, so
/// that what is sent does not depend on templates or data changing before dispatch.
/// </summary>
/// <param name="To">Recipients, each as an RFC 5322 mailbox (<c>"Ann Lee" &lt;ann@example.org&gt;</c>).</param>
/// <param name="Template">The template it was rendered from, for operators reading the outbox.</param>
public sealed record EmailPayload(
    IReadOnlyList<string> To,
    IReadOnlyList<string> Cc,
    string Subject,
    string Html,
    string Text,
    string? Template = null)
{
    /// <summary>The outbox message kind handled by <see cref="EmailOutboxHandler"/>.</summary>
    public const string Kind = "email";

    /// <summary>The domain part of every Message-Id this library makes.</summary>
    public const string MessageIdDomain = "fulfillment.local";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <exception cref="FormatException">Not an email payload.</exception>
    public static EmailPayload FromJson(string json)
    {
        EmailPayload? payload;
        try
        {
            payload = JsonSerializer.Deserialize<EmailPayload>(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The email outbox payload is not valid: {ex.Message}", ex);
        }

        if (payload is null || payload.To is null || payload.To.Count == 0 || payload.Subject is null || payload.Html is null || payload.Text is null)
        {
            throw new FormatException("The email outbox payload needs to, subject, html and text.");
        }

        return payload with { Cc = payload.Cc ?? [] };
    }

    /// <summary>
    /// The Message-Id (without angle brackets) for an idempotency key: the same key always gives
    /// the same id, so a message sent twice after a crash can be recognised as one.
    /// </summary>
    public static string MessageIdFor(string idempotencyKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey));
        return $"{Convert.ToHexStringLower(hash.AsSpan(0, 16))}@{MessageIdDomain}";
    }
}
