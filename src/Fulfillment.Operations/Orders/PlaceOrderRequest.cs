using System.Text.Json;

namespace Fulfillment.Operations.Orders;

/// <summary>
/// An order as the shop sends it (<c>POST /api/orders</c>). Everything is nullable so that the
/// validator, not the JSON reader, reports what is missing, by JSON path.
/// </summary>
/// <param name="SpecialInstructions">Each a string ("Gift wrapping", or free text) or <c>{type, text}</c>, e.g. <c>{"type": "CustomizedMessage", "text": "Happy birthday!"}</c>.</param>
/// <param name="PaymentStatus">Pending, Paid (the default: shops usually capture payment at checkout), Failed or Refunded.</param>
/// <param name="Discount">An amount off the subtotal, in the order's currency.</param>
/// <param name="TaxRate">E.g. 0.08; defaults to <c>Fulfillment:Operations:DefaultTaxRate</c>.</param>
public sealed record PlaceOrderRequest(
    string? OrderNumber,
    CustomerRequest? Customer,
    AddressRequest? ShippingAddress,
    IReadOnlyList<OrderLineRequest?>? Lines,
    string? ShippingMethod = null,
    IReadOnlyList<JsonElement>? SpecialInstructions = null,
    string? PaymentStatus = null,
    decimal? Discount = null,
    decimal? TaxRate = null);

public sealed record CustomerRequest(string? Name, string? Email, string? Phone = null);

/// <summary>A postal address. <c>street</c>, <c>zip</c> and <c>state</c> are accepted for <c>line1</c>, <c>postalCode</c> and <c>region</c>.</summary>
public sealed record AddressRequest(
    string? Line1,
    string? City,
    string? Country,
    string? PostalCode = null,
    string? Line2 = null,
    string? Region = null,
    string? Name = null,
    string? Street = null,
    string? Zip = null,
    string? State = null);

/// <param name="UnitPrice">The price the customer pays; the catalog price when left out.</param>
public sealed record OrderLineRequest(string? Sku, int? Quantity, decimal? UnitPrice = null);
