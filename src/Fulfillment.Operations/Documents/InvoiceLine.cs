namespace Fulfillment.Operations.Documents;

/// <summary>One product on an invoice: <see cref="UnitPrice"/> × <see cref="Quantity"/>, less an optional discount.</summary>
public sealed record InvoiceLine(string Sku, string Description, int Quantity, decimal UnitPrice, Discount? Discount = null);

/// <summary>A line's amounts, each rounded to cents.</summary>
public sealed record InvoiceLineTotal(InvoiceLine Line, decimal Gross, decimal Discount, decimal Net);

/// <summary>
/// Everything an invoice adds up to. <see cref="Total"/> = <see cref="Subtotal"/> −
/// <see cref="OrderDiscount"/> + <see cref="Shipping"/> + <see cref="Tax"/>, where the subtotal is
/// already net of line discounts.
/// </summary>
public sealed record InvoiceTotals(
    IReadOnlyList<InvoiceLineTotal> Lines,
    decimal Subtotal,
    decimal OrderDiscount,
    decimal Shipping,
    decimal TaxableAmount,
    decimal TaxRate,
    decimal Tax,
    decimal Total)
{
    /// <summary>Line discounts plus the order discount.</summary>
    public decimal TotalDiscount => Lines.Sum(l => l.Discount) + OrderDiscount;
}
