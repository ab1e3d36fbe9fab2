using Fulfillment.Operations.Carriers;

namespace Fulfillment.Operations.Documents;

/// <summary>What the customer pays for delivery per shipping method, and whether tax applies to it.</summary>
public sealed class ShippingChargeOptions
{
    public decimal Standard { get; set; } = 5.95m;
    public decimal Express { get; set; } = 14.95m;
    public decimal SameDay { get; set; } = 24.95m;

    /// <summary>Whether the tax rate applies to the shipping charge too (it does in some jurisdictions).</summary>
    public bool ShippingIsTaxable { get; set; }

    public decimal ChargeFor(ShippingMethod method) => method switch
    {
        ShippingMethod.Standard => Standard,
        ShippingMethod.Express => Express,
        ShippingMethod.SameDay => SameDay,
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown shipping method."),
    };
}

/// <summary>
/// Adds up an invoice. Every intermediate amount (line gross, each discount, tax) is rounded to
/// cents as it is computed, so the printed lines add up exactly to the printed totals. Invalid
/// input throws <see cref="InvalidDocumentDataException"/> naming the JSON path of the bad value
/// (<c>lines[1].quantity</c>).
/// </summary>
public sealed class InvoiceCalculator
{
    private readonly ShippingChargeOptions _shippingCharges;

    public InvoiceCalculator(ShippingChargeOptions shippingCharges)
    {
        ArgumentNullException.ThrowIfNull(shippingCharges);
        if (Enum.GetValues<ShippingMethod>().Any(m => shippingCharges.ChargeFor(m) < 0))
        {
            throw new ArgumentOutOfRangeException(nameof(shippingCharges), "Shipping charges cannot be negative.");
        }

        _shippingCharges = shippingCharges;
    }

    public InvoiceCalculator() : this(new ShippingChargeOptions())
    {
    }

    /// <param name="taxRate">A fraction: 0.0825 is 8.25 %.</param>
    public InvoiceTotals Calculate(IReadOnlyList<InvoiceLine> lines, ShippingMethod shippingMethod, decimal taxRate, Discount? orderDiscount = null)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0)
        {
            throw new InvalidDocumentDataException("lines", "An invoice needs at least one line.");
        }

        if (taxRate is < 0 or >= 1)
        {
            throw new InvalidDocumentDataException("taxRate", $"The tax rate is a fraction from 0 up to 1 (0.0825 for 8.25 %), not {taxRate}.");
        }

        var lineTotals = lines.Select(CalculateLine).ToList();
        var subtotal = lineTotals.Sum(l => l.Net);
        var orderDiscountAmount = orderDiscount is null ? 0 : DiscountOn(subtotal, orderDiscount, "orderDiscount");
        var shipping = _shippingCharges.ChargeFor(shippingMethod);
        var taxable = subtotal - orderDiscountAmount + (_shippingCharges.ShippingIsTaxable ? shipping : 0);
        var tax = Money.RoundToCents(taxable * taxRate);
        var total = subtotal - orderDiscountAmount + shipping + tax;
        return new InvoiceTotals(lineTotals, subtotal, orderDiscountAmount, shipping, taxable, taxRate, tax, total);
    }

    private static InvoiceLineTotal CalculateLine(InvoiceLine line, int index)
    {
        if (line.Quantity < 1)
        {
            throw new InvalidDocumentDataException($"lines[{index}].quantity", $"The quantity must be at least 1, not {line.Quantity}.");
        }

        if (line.UnitPrice < 0)
        {
            throw new InvalidDocumentDataException($"lines[{index}].unitPrice", $"The unit price cannot be negative ({line.UnitPrice}).");
        }

        var gross = Money.RoundToCents(line.UnitPrice * line.Quantity);
        var discount = line.Discount is null ? 0 : DiscountOn(gross, line.Discount, $"lines[{index}].discount");
        return new InvoiceLineTotal(line, gross, discount, gross - discount);
    }

    private static decimal DiscountOn(decimal amount, Discount discount, string path)
    {
        switch (discount.Kind)
        {
            case DiscountKind.Percentage when discount.Value is >= 0 and <= 100:
                return Money.RoundToCents(amount * discount.Value / 100);
            case DiscountKind.Percentage:
                throw new InvalidDocumentDataException(path, $"A percentage discount lies between 0 and 100, not {discount.Value}.");
            case DiscountKind.Amount when discount.Value >= 0:
                // A voucher larger than what it applies to makes that amount free, never negative.
                return Math.Min(Money.RoundToCents(discount.Value), amount);
            case DiscountKind.Amount:
                throw new InvalidDocumentDataException(path, $"A discount amount cannot be negative ({discount.Value}).");
            default:
                throw new InvalidDocumentDataException(path, $"Unknown discount kind {discount.Kind}.");
        }
    }
}
