using System.Globalization;

namespace Fulfillment.Operations.Documents;

public enum DiscountKind
{
    /// <summary><see cref="Discount.Value"/> is a percentage (10 means 10 %).</summary>
    Percentage,

    /// <summary><see cref="Discount.Value"/> is a fixed amount off, capped at what it applies to.</summary>
    Amount,
}

/// <summary>A discount on one invoice line or on the whole order.</summary>
public sealed record Discount(DiscountKind Kind, decimal Value, string? Description = null)
{
    public static Discount Percentage(decimal percent, string? description = null) => new(DiscountKind.Percentage, percent, description);

    public static Discount Amount(decimal amount, string? description = null) => new(DiscountKind.Amount, amount, description);

    /// <summary>"Spring sale 10%" or "Voucher $5.00", for documents.</summary>
    public string Describe(string currency)
    {
        var value = Kind == DiscountKind.Percentage ? Value.ToString("0.##", CultureInfo.InvariantCulture) + "%" : Money.Format(Value, currency);
        return Description is null ? value : $"{Description} {value}";
    }
}
