using Fulfillment.Operations.Documents;
using Fulfillment.Operations.Tests.Documents.Pdf;

namespace Fulfillment.Operations.Tests.Documents;

public sealed class InvoiceRendererTests
{
    private readonly InvoiceRenderer _renderer = new(new InvoiceCalculator());

    [Fact]
    public void The_invoice_shows_lines_discounts_tax_and_total()
    {
        var invoice = _renderer.Render(Samples.Invoice());

        var file = PdfFileReader.Read(invoice.Pdf);
        var strings = file.AllStrings();
        invoice.FileName.ShouldBe("invoice-INV-1001.pdf");
        invoice.Totals.Total.ShouldBe(170.56m);
        file.Pages.Count.ShouldBe(1);
        strings.ShouldContain("INVOICE");
        strings.ShouldContain("INV-1001");
        strings.ShouldContain("A-1001");
        strings.ShouldContain("March 2, 2026");
        strings.ShouldContain("Wireless headphones");
        strings.ShouldContain("$19.99");
        strings.ShouldContain("-$6.00");
        strings.ShouldContain("$53.97");
        strings.ShouldContain("Discount (Loyalty 5%)");
        strings.ShouldContain("-$7.57");
        strings.ShouldContain("Shipping (Express)");
        strings.ShouldContain("$14.95");
        strings.ShouldContain("Tax (8.25% of $143.75)");
        strings.ShouldContain("$11.86");
        strings.ShouldContain("$170.56");
        strings.ShouldContain("jane@example.com");
        strings.ShouldContain("Apt 3B");
        strings.ShouldContain("Page 1 of 1");
    }

    [Fact]
    public void The_plain_text_variant_carries_the_same_amounts()
    {
        var text = _renderer.Render(Samples.Invoice()).Text;

        text.ShouldContain("INVOICE INV-1001");
        text.ShouldContain("3 × Wireless headphones [EL-100] @ $19.99 (-$6.00) = $53.97");
        text.ShouldContain("Discount (Loyalty 5%): -$7.57");
        text.ShouldContain("Tax (8.25%): $11.86");
        text.ShouldContain("Total: $170.56");
    }

    [Fact]
    public void A_long_invoice_continues_on_more_pages_with_the_table_header_repeated()
    {
        var lines = Enumerable.Range(1, 80).Select(i => new InvoiceLine($"SKU-{i:000}", $"Product number {i}", 1, 1m)).ToList();

        var file = PdfFileReader.Read(_renderer.Render(Samples.Invoice(lines)).Pdf);

        file.Pages.Count.ShouldBeGreaterThan(1);
        var pages = file.PageContents();
        pages.Where(p => p.Strings.Any(s => s.StartsWith("SKU-", StringComparison.Ordinal))).Count().ShouldBe(pages.Count(p => p.Strings.Contains("Unit price")));
        pages.Count(p => p.Strings.Contains("Unit price")).ShouldBeGreaterThan(1);
        pages.Skip(1).ShouldAllBe(p => p.Strings.Contains("Invoice INV-1001 (continued)"));
        pages[^1].Strings.ShouldContain($"Page {pages.Count} of {pages.Count}");
        file.AllStrings().Where(s => s.StartsWith("SKU-", StringComparison.Ordinal)).Count().ShouldBe(80);
        // Nothing is drawn into the bottom margin, where the footer lives.
        pages.ShouldAllBe(p => p.Text.Where(t => !t.Text.StartsWith("Page ", StringComparison.Ordinal) && !t.Text.StartsWith("Acme", StringComparison.Ordinal))
            .All(t => t.Y > 60));
    }

    [Fact]
    public async Task Real_readers_open_the_invoice()
    {
        var pdf = _renderer.Render(Samples.Invoice()).Pdf;

        (await ExternalPdfTools.QpdfCheckAsync(pdf)).ShouldContain("No syntax or stream encoding errors found");
        var text = await ExternalPdfTools.PdfToTextAsync(pdf);
        text.ShouldContain("INVOICE");
        text.ShouldContain("$170.56");
        text.ShouldContain("Wool coat, navy (size M)");
    }
}
