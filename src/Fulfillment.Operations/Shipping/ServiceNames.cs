using Fulfillment.Operations.Model;

namespace Fulfillment.Operations.Shipping;

/// <summary>
/// Reads a shipping service as people and forms write it: the seeds' "Standard Shipping", "Express
/// Shipping", "Same-day Delivery", "Expedited", or the codes "standard", "express", "same-day".
/// </summary>
public static class ServiceNames
{
    /// <summary>The method named by <paramref name="text"/>; <paramref name="fallback"/> when it is empty.</summary>
    /// <exception cref="ArgumentException">Text that names no service.</exception>
    public static ShippingMethod Parse(string? text, ShippingMethod fallback)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        var key = string.Concat(text.Where(char.IsLetter)).ToLowerInvariant();
        return key switch
        {
            _ when key.StartsWith("sameday", StringComparison.Ordinal) => ShippingMethod.SameDay,
            _ when key.StartsWith("express", StringComparison.Ordinal) || key.StartsWith("expedited", StringComparison.Ordinal) => ShippingMethod.Express,
            // International parcels go by the standard service: the carriers here have no separate one.
            _ when key.StartsWith("standard", StringComparison.Ordinal) || key.StartsWith("international", StringComparison.Ordinal) => ShippingMethod.Standard,
            _ => throw new ArgumentException($"'{text}' is not a shipping service: use Standard, Express or Same-day.", nameof(text)),
        };
    }

    public static Carriers.ShippingMethod ToCarrier(ShippingMethod method) => method switch
    {
        ShippingMethod.Express => Carriers.ShippingMethod.Express,
        ShippingMethod.SameDay => Carriers.ShippingMethod.SameDay,
        _ => Carriers.ShippingMethod.Standard,
    };
}
