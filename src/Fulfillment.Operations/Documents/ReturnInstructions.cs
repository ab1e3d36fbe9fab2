using Fulfillment.Operations.Carriers;

namespace Fulfillment.Operations.Documents;

/// <summary>The store's return policy as printed: how long customers have, and how quickly refunds follow.</summary>
public sealed record ReturnPolicy(int WindowDays = 30, int RefundBusinessDays = 5, string? Conditions = null)
{
    public string Describe(DateOnly? returnBy)
    {
        var deadline = returnBy is { } date ? $"by {DocumentText.Date(date)} ({WindowDays} days after delivery)" : $"within {WindowDays} days of delivery";
        var conditions = Conditions ?? "Items must be unused, with their tags and accessories, in their original packaging where possible.";
        return $"You may return items {deadline}. {conditions} Once we have inspected your return, we refund the original " +
               $"payment method within {RefundBusinessDays} business days; shipping charges are refunded only if the item was faulty or we sent the wrong one.";
    }
}

/// <summary>An item the customer is returning.</summary>
public sealed record ReturnItem(string Sku, string Description, int Quantity, string? Reason = null);

/// <summary>
/// Return instructions for an order. With <see cref="DeliveredOn"/> the deadline is a date; without it
/// (instructions sent with the order confirmation) it is "within N days of delivery".
/// <see cref="RmaNumber"/>, when the return was authorised, is the reference the customer writes on
/// the parcel; otherwise the order number is.
/// </summary>
public sealed record ReturnInstructionsData(
    string OrderNumber,
    string CustomerName,
    CompanyDetails Seller,
    PostalAddress ReturnAddress,
    DateOnly IssuedOn,
    ReturnPolicy Policy,
    string? RmaNumber = null,
    DateOnly? DeliveredOn = null,
    IReadOnlyList<ReturnItem>? Items = null,
    IReadOnlyList<string>? Steps = null)
{
    public string Reference => RmaNumber ?? OrderNumber;

    public DateOnly? ReturnBy => DeliveredOn?.AddDays(Policy.WindowDays);

    /// <summary>The numbered steps: <see cref="Steps"/> when given, otherwise the standard ones.</summary>
    public IReadOnlyList<string> EffectiveSteps => Steps ??
    [
        "Pack the items securely, unused and with all tags and accessories, in their original packaging if you still have it.",
        Items is { Count: > 0 } ? "Put a copy of this page inside the parcel; it lists the items you are returning." : "Put a copy of this page inside the parcel.",
        $"Write {Reference} clearly on the outside of the parcel.",
        ReturnBy is { } date
            ? $"Send the parcel to the address below by {DocumentText.Date(date)} and keep your proof of postage."
            : $"Send the parcel to the address below within {Policy.WindowDays} days of delivery and keep your proof of postage.",
        $"We inspect your return when it arrives and refund you within {Policy.RefundBusinessDays} business days; we e-mail you when the refund is processed.",
    ];
}
