using System.Globalization;

namespace Fulfillment.Operations.Documents;

/// <summary>How dates are written on every document.</summary>
internal static class DocumentText
{
    /// <summary>"March 2, 2026": unambiguous for customers in any country, unlike 03/02/2026.</summary>
    public static string Date(DateOnly date) => date.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture);
}
