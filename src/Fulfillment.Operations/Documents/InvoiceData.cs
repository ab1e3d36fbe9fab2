using Fulfillment.Operations.Carriers;

namespace Fulfillment.Operations.Documents;

/// <summary>Everything printed on an invoice; the amounts are computed by <see cref="InvoiceCalculator"/>.</summary>
/// <param name="TaxRate">A fraction: 0.0825 is 8.25 %.</param>
/// <param name="BillTo">The billing address; the shipping address when absent.</param>
/// <param name="PaymentStatus">As the order knows it ("Paid", "Pending"), printed when given.</param>
public sealed record InvoiceData(
    string InvoiceNumber,
    string OrderNumber,
    DateOnly IssuedOn,
    CompanyDetails Seller,
    string CustomerName,
    PostalAddress ShipTo,
    IReadOnlyList<InvoiceLine> Lines,
    ShippingMethod ShippingMethod,
    decimal TaxRate,
    Discount? OrderDiscount = null,
    string Currency = "USD",
    string? CustomerEmail = null,
    PostalAddress? BillTo = null,
    string? PaymentStatus = null,
    string? Notes = null);

/// <summary>A rendered invoice and the totals it shows.</summary>
public sealed record RenderedInvoice(string FileName, byte[] Pdf, string Text, InvoiceTotals Totals) : RenderedDocument(FileName, Pdf, Text);
