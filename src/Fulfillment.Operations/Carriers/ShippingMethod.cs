namespace Fulfillment.Operations.Carriers;

/// <summary>How fast the customer asked for delivery; carriers map it to one of their services.</summary>
public enum ShippingMethod
{
    Standard,
    Express,
    SameDay,
}

/// <summary>The codes used in JSON, options and the simulated carrier's service codes: "standard", "express", "same-day".</summary>
public static class ShippingMethodCodes
{
    public static string ToCode(this ShippingMethod method) => method switch
    {
        ShippingMethod.Standard => "standard",
        ShippingMethod.Express => "express",
        ShippingMethod.SameDay => "same-day",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown shipping method."),
    };

    public static bool TryParse(string? code, out ShippingMethod method)
    {
        foreach (var candidate in Enum.GetValues<ShippingMethod>())
        {
            if (string.Equals(candidate.ToCode(), code, StringComparison.OrdinalIgnoreCase))
            {
                method = candidate;
                return true;
            }
        }

        method = default;
        return false;
    }

    public static string DisplayName(this ShippingMethod method) => method switch
    {
        ShippingMethod.SameDay => "Same-day",
        _ => method.ToString(),
    };
}
