namespace Fulfillment.Operations.Carriers;

/// <summary>
/// A delivery or sender address as it is printed on labels and documents. <see cref="CountryCode"/>
/// is ISO 3166-1 alpha-2 ("US", "DE").
/// </summary>
public sealed record PostalAddress(
    string Name,
    string Line1,
    string City,
    string PostalCode,
    string CountryCode,
    string? Line2 = null,
    string? Region = null,
    string? Company = null,
    string? Phone = null)
{
    /// <summary>The address in printing order: name, company, street lines, "City, Region PostalCode", country.</summary>
    public IReadOnlyList<string> ToLines()
    {
        var cityLine = string.IsNullOrWhiteSpace(Region) ? $"{City} {PostalCode}" : $"{City}, {Region} {PostalCode}";
        string?[] lines = [Name, Company, Line1, Line2, cityLine, CountryCode];
        return [.. lines.Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l!.Trim())];
    }
}
