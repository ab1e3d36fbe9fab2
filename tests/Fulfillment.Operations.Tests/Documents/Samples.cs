using Fulfillment.Operations.Carriers;
using Fulfillment.Operations.Documents;

namespace Fulfillment.Operations.Tests.Documents;

internal static class Samples
{
    public static PostalAddress Warehouse { get; } = new("Fulfillment Returns", "200 Dock Road", "Reno", "89501", "US", Region: "NV", Company: "Acme Goods Inc.");

    public static PostalAddress Customer { get; } = new("Jane Doe", "12 Elm Street", "Springfield", "62704", "US", Line2: "Apt 3B", Region: "IL");

    public static CompanyDetails Seller { get; } = new("Acme Goods", Warehouse with { Name = "Acme Goods Inc.", Company = null },
        Email: "orders@acme.example", Website: "acme.example", TaxId: "US-12-3456789");

    /// <summary>
    /// A: 19.99 × 3 = 59.97, 10 % off (6.00) → 53.97; B: 0.469 × 5 = 2.345 → 2.35; C: 120.00, $25 off → 95.00.
    /// Subtotal 151.32; order discount 5 % = 7.566 → 7.57; taxable 143.75; tax 8.25 % = 11.859… → 11.86;
    /// express shipping 14.95; total 170.56.
    /// </summary>
    public static InvoiceData Invoice(IReadOnlyList<InvoiceLine>? lines = null) => new(
        "INV-1001",
        "A-1001",
        new DateOnly(2026, 3, 2),
        Seller,
        "Jane Doe",
        Customer,
        lines ??
        [
            new InvoiceLine("EL-100", "Wireless headphones", 3, 19.99m, Discount.Percentage(10, "Spring sale")),
            new InvoiceLine("HD-200", "Tea light (single)", 5, 0.469m),
            new InvoiceLine("CL-300", "Wool coat, navy (size M)", 1, 120m, Discount.Amount(25, "Voucher")),
        ],
        ShippingMethod.Express,
        0.0825m,
        Discount.Percentage(5, "Loyalty"),
        CustomerEmail: "jane@example.com",
        PaymentStatus: "Paid",
        Notes: "Paid by card ending 4242.");
}
