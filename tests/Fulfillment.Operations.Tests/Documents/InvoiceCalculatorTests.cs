using Fulfillment.Operations.Carriers;
using Fulfillment.Operations.Documents;

namespace Fulfillment.Operations.Tests.Documents;

public sealed class InvoiceCalculatorTests
{
    private readonly InvoiceCalculator _calculator = new();

    [Fact]
    public void Lines_discounts_shipping_and_tax_add_up_to_the_total()
    {
        var invoice = Samples.Invoice();

        var totals = _calculator.Calculate(invoice.Lines, invoice.ShippingMethod, invoice.TaxRate, invoice.OrderDiscount);

        totals.Lines.Select(l => (l.Gross, l.Discount, l.Net)).ShouldBe([(59.97m, 6.00m, 53.97m), (2.35m, 0m, 2.35m), (120m, 25m, 95m)]);
        totals.Subtotal.ShouldBe(151.32m);
        totals.OrderDiscount.ShouldBe(7.57m);
        totals.TaxableAmount.ShouldBe(143.75m);
        totals.Tax.ShouldBe(11.86m);
        totals.Shipping.ShouldBe(14.95m);
        totals.Total.ShouldBe(170.56m);
        totals.TotalDiscount.ShouldBe(38.57m);
    }

    [Theory]
    [InlineData(0.469, 5, 2.35)]    // 2.345: banker's rounding would give 2.34
    [InlineData(0.125, 1, 0.13)]    // 0.125: banker's rounding would give 0.12
    [InlineData(19.99, 3, 59.97)]
    [InlineData(0, 2, 0)]
    public void Line_amounts_round_half_away_from_zero(decimal unitPrice, int quantity, decimal expected)
    {
        var totals = _calculator.Calculate([new InvoiceLine("X", "x", quantity, unitPrice)], ShippingMethod.Standard, 0);

        totals.Lines.Single().Net.ShouldBe(expected);
    }

    [Fact]
    public void Tax_rounds_half_away_from_zero()
    {
        // 10.00 × 8.25 % = 0.825 → 0.83 (banker's: 0.82).
        var totals = _calculator.Calculate([new InvoiceLine("X", "x", 1, 10m)], ShippingMethod.Standard, 0.0825m);

        totals.Tax.ShouldBe(0.83m);
        totals.Total.ShouldBe(10m + 5.95m + 0.83m);
    }

    [Theory]
    [InlineData(ShippingMethod.Standard, 5.95)]
    [InlineData(ShippingMethod.Express, 14.95)]
    [InlineData(ShippingMethod.SameDay, 24.95)]
    public void Shipping_is_charged_by_method(ShippingMethod method, decimal expected)
    {
        _calculator.Calculate([new InvoiceLine("X", "x", 1, 10m)], method, 0).Shipping.ShouldBe(expected);
    }

    [Fact]
    public void Configured_charges_apply_and_shipping_is_taxed_when_configured()
    {
        var calculator = new InvoiceCalculator(new ShippingChargeOptions { Express = 10m, ShippingIsTaxable = true });

        var totals = calculator.Calculate([new InvoiceLine("X", "x", 1, 90m)], ShippingMethod.Express, 0.1m);

        totals.TaxableAmount.ShouldBe(100m);
        totals.Tax.ShouldBe(10m);
        totals.Total.ShouldBe(110m);
    }

    [Fact]
    public void An_amount_discount_larger_than_the_line_makes_it_free_not_negative()
    {
        var totals = _calculator.Calculate(
            [new InvoiceLine("X", "x", 1, 4m, Discount.Amount(10)), new InvoiceLine("Y", "y", 1, 6m)],
            ShippingMethod.Standard, 0, Discount.Amount(100));

        totals.Lines[0].Net.ShouldBe(0m);
        totals.OrderDiscount.ShouldBe(6m);
        totals.Total.ShouldBe(5.95m);
    }

    [Fact]
    public void The_order_discount_applies_after_line_discounts()
    {
        var totals = _calculator.Calculate([new InvoiceLine("X", "x", 2, 50m, Discount.Percentage(50))], ShippingMethod.Standard, 0, Discount.Percentage(10));

        totals.Subtotal.ShouldBe(50m);
        totals.OrderDiscount.ShouldBe(5m);
    }

    public static TheoryData<InvoiceLine[], decimal, Discount?, string> InvalidInputs => new()
    {
        { [], 0m, null, "lines" },
        { [new InvoiceLine("X", "x", 1, 1m), new InvoiceLine("Y", "y", 0, 1m)], 0m, null, "lines[1].quantity" },
        { [new InvoiceLine("X", "x", 1, -1m)], 0m, null, "lines[0].unitPrice" },
        { [new InvoiceLine("X", "x", 1, 1m, Discount.Percentage(101))], 0m, null, "lines[0].discount" },
        { [new InvoiceLine("X", "x", 1, 1m, Discount.Amount(-1))], 0m, null, "lines[0].discount" },
        { [new InvoiceLine("X", "x", 1, 1m)], 8.25m, null, "taxRate" },
        { [new InvoiceLine("X", "x", 1, 1m)], -0.1m, null, "taxRate" },
        { [new InvoiceLine("X", "x", 1, 1m)], 0m, Discount.Percentage(-5), "orderDiscount" },
    };

    [Theory]
    [MemberData(nameof(InvalidInputs))]
    public void Invalid_input_names_its_path(InvoiceLine[] lines, decimal taxRate, Discount? orderDiscount, string path)
    {
        Should.Throw<InvalidDocumentDataException>(() => _calculator.Calculate(lines, ShippingMethod.Standard, taxRate, orderDiscount))
            .Path.ShouldBe(path);
    }

    [Fact]
    public void Negative_shipping_charges_are_refused_at_construction()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new InvoiceCalculator(new ShippingChargeOptions { SameDay = -1 }));
    }

    [Theory]
    [InlineData(1234.5, "USD", "$1,234.50")]
    [InlineData(-6, "USD", "-$6.00")]
    [InlineData(12, "eur", "€12.00")]
    [InlineData(3.1, "CHF", "CHF 3.10")]
    public void Money_is_formatted_for_documents(decimal amount, string currency, string expected)
    {
        Money.Format(amount, currency).ShouldBe(expected);
    }
}
