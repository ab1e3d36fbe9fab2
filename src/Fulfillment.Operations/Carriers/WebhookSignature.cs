using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Fulfillment.Operations.Carriers;

public enum WebhookSignatureCheck
{
    Valid,

    /// <summary>No signature header.</summary>
    Missing,

    /// <summary>The header is not <c>t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</c>.</summary>
    Malformed,

    /// <summary>The signature does not match the body: wrong secret or altered body.</summary>
    Mismatch,

    /// <summary>Signed too long ago (or too far ahead): possibly a replayed request.</summary>
    OutsideTolerance,
}

/// <summary>
/// HMAC-SHA256 signatures for carrier webhook posts, in the header
/// <c>X-Carrier-Signature: t=1767225600,v1=5257a869…</c>. The signed bytes are the timestamp, a dot,
/// then the raw request body, so neither the body nor the time can be changed without the secret,
/// and an old request cannot be replayed outside the tolerance. Verify against wall-clock time, not
/// a simulated business clock.
/// </summary>
public static class WebhookSignature
{
    public const string HeaderName = "X-Carrier-Signature";

    public static TimeSpan DefaultTolerance { get; } = TimeSpan.FromMinutes(5);

    public static string Sign(string secret, ReadOnlySpan<byte> body, DateTimeOffset timestamp)
    {
        var seconds = timestamp.ToUnixTimeSeconds();
        return $"t={seconds.ToString(CultureInfo.InvariantCulture)},v1={Convert.ToHexStringLower(Mac(secret, seconds, body))}";
    }

    public static WebhookSignatureCheck Verify(string secret, ReadOnlySpan<byte> body, string? header, DateTimeOffset now, TimeSpan? tolerance = null)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return WebhookSignatureCheck.Missing;
        }

        long? seconds = null;
        byte[]? signature = null;
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith("t=", StringComparison.Ordinal) && long.TryParse(part[2..], NumberStyles.None, CultureInfo.InvariantCulture, out var t))
            {
                seconds = t;
            }
            else if (part.StartsWith("v1=", StringComparison.Ordinal) && part.Length == 3 + 64 && IsHex(part.AsSpan(3)))
            {
                signature = Convert.FromHexString(part.AsSpan(3));
            }
        }

        if (seconds is not { } signedAt || signature is null)
        {
            return WebhookSignatureCheck.Malformed;
        }

        if (!CryptographicOperations.FixedTimeEquals(signature, Mac(secret, signedAt, body)))
        {
            return WebhookSignatureCheck.Mismatch;
        }

        var age = now - DateTimeOffset.FromUnixTimeSeconds(signedAt);
        return age.Duration() <= (tolerance ?? DefaultTolerance) ? WebhookSignatureCheck.Valid : WebhookSignatureCheck.OutsideTolerance;
    }

    private static byte[] Mac(string secret, long seconds, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var prefix = Encoding.ASCII.GetBytes(seconds.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
    }

    private static bool IsHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
