using Fulfillment.Operations.Model;

namespace Fulfillment.Operations.Customers;

/// <summary>
/// Who the shop is to its customers: the seller on invoices, the sender and contact in e-mails, the
/// address returns go to, the return policy, and the delivery promise per shipping method. Bound from
/// <c>Fulfillment:Operations:Shop</c>.
/// </summary>
public sealed class ShopOptions
{
    public const string SectionName = "Fulfillment:Operations:Shop";

    public string Name { get; set; } = "Fulfillment Demo Shop";

    public string SupportEmail { get; set; } = "support@shop.example";

    public string? WebsiteUrl { get; set; } = "https://shop.example";

    /// <summary>The shop's address: printed on documents and the address returns are sent to.</summary>
    public ShopAddress Address { get; set; } = new();

    /// <summary>Days after delivery within which items may be returned.</summary>
    public int ReturnWindowDays { get; set; } = 30;

    /// <summary>Business days after the inspection of a return within which the refund is paid.</summary>
    public int RefundBusinessDays { get; set; } = 5;

    /// <summary>Business days from the order to delivery that the confirmation promises, per shipping method (before a carrier gives its own estimate).</summary>
    public Dictionary<ShippingMethod, int> DeliveryBusinessDays { get; set; } = new()
    {
        [ShippingMethod.Standard] = 5,
        [ShippingMethod.Express] = 2,
        [ShippingMethod.SameDay] = 0,
    };

    public int BusinessDaysFor(ShippingMethod method) => DeliveryBusinessDays.TryGetValue(method, out var days) ? days : 5;
}

public sealed class ShopAddress
{
    public string Line1 { get; set; } = "500 W Madison St";

    public string? Line2 { get; set; } = "Returns dock 4";

    public string City { get; set; } = "Chicago";

    public string PostalCode { get; set; } = "60661";

    public string? Region { get; set; } = "IL";

    /// <summary>ISO 3166-1 alpha-2.</summary>
    public string CountryCode { get; set; } = "US";
}
