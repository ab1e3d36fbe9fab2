using System.Globalization;

namespace Fulfillment.Operations.Documents;

/// <summary>Rounding and display of money amounts on documents.</summary>
public static class Money
{
    /// <summary>
    /// Rounds to cents, halves away from zero (2.345 → 2.35), as customers and tax authorities
    /// expect, rather than .NET's default banker's rounding (2.345 → 2.34).
    /// </summary>
    public static decimal RoundToCents(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    /// <summary>"$1,234.50", "-€5.00", or "CHF 12.00" for currencies without a symbol in the standard fonts.</summary>
    public static string Format(decimal amount, string currency)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(currency);
        var digits = Math.Abs(amount).ToString("#,##0.00", CultureInfo.InvariantCulture);
        var sign = amount < 0 ? "-" : "";
        return currency.ToUpperInvariant() switch
        {
            "USD" => $"{sign}${digits}",
            "EUR" => $"{sign}€{digits}",
            "GBP" => $"{sign}£{digits}",
            var code => $"{sign}{code} {digits}",
        };
    }
}
