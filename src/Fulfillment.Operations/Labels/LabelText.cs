using System.Globalization;
using Fulfillment.Operations.Carriers;

namespace Fulfillment.Operations.Labels;

/// <summary>The wording both label formats share, so the ZPL and the PDF label say the same things.</summary>
internal static class LabelText
{
    /// <summary>
    /// Tracking numbers are letters, digits and hyphens: anything else could mean something to a
    /// printer's barcode command (ZPL reads <c>&gt;</c> as a subset switch) or to a scanner.
    /// </summary>
    public static void EnsurePrintableTrackingNumber(string trackingNumber)
    {
        ArgumentException.ThrowIfNullOrEmpty(trackingNumber);
        if (!trackingNumber.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            throw new ArgumentException($"Tracking number '{trackingNumber}' may contain only letters, digits and hyphens.", nameof(trackingNumber));
        }
    }

    public static string Weight(decimal kilograms) => kilograms.ToString("0.00", CultureInfo.InvariantCulture) + " KG";

    public static string ShipDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Address lines in capitals, as carriers' sorting staff read them best.</summary>
    public static IReadOnlyList<string> Address(PostalAddress address) =>
        [.. address.ToLines().Select(l => l.ToUpperInvariant())];
}
