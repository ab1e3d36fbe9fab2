using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Fulfillment.Operations.Carriers.Simulated;

/// <summary>
/// Tracking numbers of the simulated carrier: the prefix, nine digits derived from the order number,
/// the shipment's two-digit sequence, and a Luhn check digit (<c>SIM</c> <c>482913065</c> <c>01</c> <c>7</c>).
/// The same order and sequence always give the same number, so a repeated booking is recognisable,
/// and two shipments of one order never share one.
/// </summary>
public static class SimulatedTrackingNumber
{
    public const int MaxSequence = 99;

    public static string For(string prefix, string orderNumber, int shipmentSequence)
    {
        ArgumentException.ThrowIfNullOrEmpty(orderNumber);
        ArgumentOutOfRangeException.ThrowIfLessThan(shipmentSequence, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shipmentSequence, MaxSequence);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(orderNumber));
        var orderDigits = (BinaryPrimitives.ReadUInt64BigEndian(hash) % 1_000_000_000).ToString("D9", CultureInfo.InvariantCulture);
        var payload = orderDigits + shipmentSequence.ToString("D2", CultureInfo.InvariantCulture);
        return prefix + payload + LuhnCheckDigit(payload);
    }

    /// <summary>Whether <paramref name="trackingNumber"/> is the prefix and twelve digits whose last is the Luhn check digit.</summary>
    public static bool IsValid(string prefix, string? trackingNumber)
    {
        if (trackingNumber is null || trackingNumber.Length != prefix.Length + 12 || !trackingNumber.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var digits = trackingNumber[prefix.Length..];
        return digits.All(char.IsAsciiDigit) && LuhnCheckDigit(digits[..^1]) == digits[^1];
    }

    // Luhn: doubling every second digit from the right catches every single-digit error and most swaps.
    private static char LuhnCheckDigit(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var digit = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }

            sum += digit;
        }

        return (char)('0' + (10 - sum % 10) % 10);
    }
}
