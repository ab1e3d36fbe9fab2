using System.Globalization;
using System.Text;
using Fulfillment.Operations.Carriers;
using Fulfillment.Operations.Documents.Pdf;

namespace Fulfillment.Operations.Documents;

/// <summary>Renders an invoice (lines, discounts, shipping, tax, total) as PDF and as plain text.</summary>
public sealed class InvoiceRenderer(InvoiceCalculator calculator)
{
    private static readonly TableColumn[] Columns =
    [
        new("SKU", 1.3),
        new("Description", 3.2),
        new("Qty", 0.6, PdfTextAlign.Right),
        new("Unit price", 1.2, PdfTextAlign.Right),
        new("Discount", 1.2, PdfTextAlign.Right),
        new("Amount", 1.3, PdfTextAlign.Right),
    ];

    public RenderedInvoice Render(InvoiceData invoice)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        var totals = calculator.Calculate(invoice.Lines, invoice.ShippingMethod, invoice.TaxRate, invoice.OrderDiscount);
        return new RenderedInvoice($"invoice-{invoice.InvoiceNumber}.pdf", RenderPdf(invoice, totals), RenderText(invoice, totals), totals);
    }

    private static byte[] RenderPdf(InvoiceData invoice, InvoiceTotals totals)
    {
        var document = new PdfDocument { Title = $"Invoice {invoice.InvoiceNumber}" };
        var flow = new PageFlow(document, $"Invoice {invoice.InvoiceNumber}");
        string M(decimal amount) => Money.Format(amount, invoice.Currency);

        var top = flow.Y;
        flow.Page.DrawText("INVOICE", flow.Right, top + 20, PdfFont.HelveticaBold, 22, PdfTextAlign.Right);
        flow.Line(invoice.Seller.Name, PdfFont.HelveticaBold, 16);
        foreach (var line in invoice.Seller.Address.ToLines())
        {
            flow.Line(line, size: 9);
        }

        var below = flow.Y;
        flow.Y = top + 34;
        flow.RightLabelledValue("Invoice no.", invoice.InvoiceNumber);
        flow.RightLabelledValue("Date", DocumentText.Date(invoice.IssuedOn));
        flow.RightLabelledValue("Order no.", invoice.OrderNumber);
        if (invoice.PaymentStatus is not null)
        {
            flow.RightLabelledValue("Payment", invoice.PaymentStatus);
        }

        flow.Y = Math.Max(below, flow.Y) + 14;
        var billTo = (invoice.BillTo ?? invoice.ShipTo).ToLines().ToList();
        if (invoice.CustomerEmail is not null)
        {
            billTo.Add(invoice.CustomerEmail);
        }

        flow.SideBySide(("Bill to", billTo), ("Ship to", invoice.ShipTo.ToLines()));
        flow.Gap(6);
        flow.Line($"Shipping method: {invoice.ShippingMethod.DisplayName()}");
        flow.Gap(8);

        flow.Table(Columns, totals.Lines.Select(l => (IReadOnlyList<string>)
        [
            l.Line.Sku,
            l.Line.Description,
            l.Line.Quantity.ToString(CultureInfo.InvariantCulture),
            M(l.Line.UnitPrice),
            l.Discount == 0 ? "" : M(-l.Discount),
            M(l.Net),
        ]));

        flow.RightLabelledValue("Subtotal", M(totals.Subtotal), labelColumn: 110);
        if (totals.OrderDiscount != 0)
        {
            flow.RightLabelledValue($"Discount ({invoice.OrderDiscount!.Describe(invoice.Currency)})", M(-totals.OrderDiscount), labelColumn: 110);
        }

        flow.RightLabelledValue($"Shipping ({invoice.ShippingMethod.DisplayName()})", M(totals.Shipping), labelColumn: 110);
        flow.RightLabelledValue($"Tax ({Percent(totals.TaxRate)} of {M(totals.TaxableAmount)})", M(totals.Tax), labelColumn: 110);
        flow.Gap(2);
        flow.RightLabelledValue("Total", M(totals.Total), size: 13, valueFont: PdfFont.HelveticaBold, labelColumn: 110);
        if (totals.TotalDiscount > 0)
        {
            flow.RightLabelledValue("You saved", M(totals.TotalDiscount), labelColumn: 110);
        }

        if (!string.IsNullOrWhiteSpace(invoice.Notes))
        {
            flow.Gap(12);
            flow.Line("Notes", PdfFont.HelveticaBold);
            flow.Paragraph(invoice.Notes);
        }

        flow.Gap(16);
        flow.Line("Thank you for your order.", PdfFont.HelveticaBold);
        flow.Finish($"{invoice.Seller.Name}  ·  {invoice.Seller.ContactLine}".TrimEnd(' ', '·'));
        return document.ToArray();
    }

    private static string RenderText(InvoiceData invoice, InvoiceTotals totals)
    {
        string M(decimal amount) => Money.Format(amount, invoice.Currency);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"INVOICE {invoice.InvoiceNumber}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Order {invoice.OrderNumber} · {DocumentText.Date(invoice.IssuedOn)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"From: {invoice.Seller.Name}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Ship to: {string.Join(", ", invoice.ShipTo.ToLines())}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Shipping method: {invoice.ShippingMethod.DisplayName()}");
        text.AppendLine();
        foreach (var line in totals.Lines)
        {
            var discount = line.Discount == 0 ? "" : $" (-{M(line.Discount)})";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{line.Line.Quantity} × {line.Line.Description} [{line.Line.Sku}] @ {M(line.Line.UnitPrice)}{discount} = {M(line.Net)}");
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Subtotal: {M(totals.Subtotal)}");
        if (totals.OrderDiscount != 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Discount ({invoice.OrderDiscount!.Describe(invoice.Currency)}): {M(-totals.OrderDiscount)}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"Shipping ({invoice.ShippingMethod.DisplayName()}): {M(totals.Shipping)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Tax ({Percent(totals.TaxRate)}): {M(totals.Tax)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Total: {M(totals.Total)}");
        return text.ToString();
    }

    private static string Percent(decimal rate) => (rate * 100).ToString("0.###", CultureInfo.InvariantCulture) + "%";
}
