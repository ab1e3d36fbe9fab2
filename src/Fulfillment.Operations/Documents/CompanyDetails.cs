using Fulfillment.Operations.Carriers;

namespace Fulfillment.Operations.Documents;

/// <summary>The business that issues a document: printed in its header and footer.</summary>
public sealed record CompanyDetails(string Name, PostalAddress Address, string? Email = null, string? Website = null, string? TaxId = null)
{
    /// <summary>"Email · website · Tax ID", whichever are known, for footers.</summary>
    public string ContactLine => string.Join("  ·  ",
        new[] { Email, Website, TaxId is null ? null : $"Tax ID {TaxId}" }.Where(p => !string.IsNullOrWhiteSpace(p)));
}
