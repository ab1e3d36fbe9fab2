using System.Net.Mail;
using System.Text.Json;
using Fulfillment.Operations.Model;
using Fulfillment.Workflows.Definitions;

namespace Fulfillment.Operations.Orders;

/// <summary>An order request checked and normalised, ready to be stored.</summary>
internal sealed record ValidOrder(
    string OrderNumber,
    Customer Customer,
    Address ShippingAddress,
    ShippingMethod ShippingMethod,
    List<SpecialInstruction> SpecialInstructions,
    PaymentStatus PaymentStatus,
    IReadOnlyList<ValidLine> Lines,
    decimal Discount,
    decimal TaxRate);

internal sealed record ValidLine(Product Product, int Quantity, decimal UnitPrice);

/// <summary>
/// Checks a <see cref="PlaceOrderRequest"/> against the catalog and collects every problem with the
/// JSON path the client wrote (<c>lines[1].quantity</c>), so one answer lists everything to fix.
/// </summary>
internal static class OrderRequestValidator
{
    public const int MaxLines = 200;
    public const int MaxQuantity = 10_000;

    public static ValidOrder Validate(PlaceOrderRequest request, IReadOnlyDictionary<string, Product> catalog, decimal defaultTaxRate)
    {
        var errors = new List<ValidationError>();
        void Error(string path, string message) => errors.Add(new ValidationError(path, message));

        var orderNumber = request.OrderNumber?.Trim();
        if (string.IsNullOrEmpty(orderNumber))
        {
            Error("orderNumber", "The order number is required.");
        }
        else if (orderNumber.Length > 64)
        {
            Error("orderNumber", "The order number is longer than 64 characters.");
        }

        var customer = ValidateCustomer(request.Customer, Error);
        var address = ValidateAddress(request.ShippingAddress, Error);
        var lines = ValidateLines(request.Lines, catalog, Error);

        var method = ShippingMethod.Standard;
        if (request.ShippingMethod is not null && !Names.TryParse(request.ShippingMethod, ShippingMethodAliases, out method))
        {
            Error("shippingMethod", $"'{request.ShippingMethod}' is not a shipping method; use standard, express or same-day.");
        }

        var payment = PaymentStatus.Paid;
        if (request.PaymentStatus is not null && !Names.TryParse(request.PaymentStatus, null, out payment))
        {
            Error("paymentStatus", $"'{request.PaymentStatus}' is not one of {string.Join(", ", Enum.GetNames<PaymentStatus>())}.");
        }

        var instructions = ValidateInstructions(request.SpecialInstructions, Error);

        var taxRate = request.TaxRate ?? defaultTaxRate;
        if (taxRate is < 0 or > 1)
        {
            Error("taxRate", "The tax rate is a fraction between 0 and 1 (0.08 for 8 %).");
        }

        var discount = request.Discount ?? 0;
        var subtotal = lines.Sum(l => l.Quantity * l.UnitPrice);
        if (discount < 0)
        {
            Error("discount", "The discount cannot be negative.");
        }
        else if (errors.Count == 0 && discount > subtotal)
        {
            Error("discount", $"The discount ({discount}) is more than the order's subtotal ({subtotal}).");
        }

        if (errors.Count > 0)
        {
            throw new OperationsValidationException(errors);
        }

        return new ValidOrder(orderNumber!, customer!, address!, method, instructions, payment, lines, discount, taxRate);
    }

    private static Customer? ValidateCustomer(CustomerRequest? customer, Action<string, string> error)
    {
        if (customer is null)
        {
            error("customer", "The customer (name and email) is required.");
            return null;
        }

        var name = customer.Name?.Trim();
        var email = customer.Email?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            error("customer.name", "The customer's name is required.");
        }

        if (string.IsNullOrEmpty(email))
        {
            error("customer.email", "The customer's email address is required.");
        }
        else if (!IsEmailAddress(email))
        {
            error("customer.email", $"'{email}' is not an email address.");
        }

        return new Customer { Name = name ?? "", Email = email ?? "", Phone = Blank(customer.Phone) };
    }

    private static bool IsEmailAddress(string value) =>
        MailAddress.TryCreate(value, out var address) && address.Address == value && address.Host.Contains('.', StringComparison.Ordinal);

    private static Address? ValidateAddress(AddressRequest? address, Action<string, string> error)
    {
        if (address is null)
        {
            error("shippingAddress", "The shipping address is required.");
            return null;
        }

        var line1 = Blank(address.Line1) ?? Blank(address.Street);
        var city = Blank(address.City);
        var country = Blank(address.Country);
        if (line1 is null)
        {
            error("shippingAddress.line1", "The street address is required.");
        }

        if (city is null)
        {
            error("shippingAddress.city", "The city is required.");
        }

        if (country is null)
        {
            error("shippingAddress.country", "The country is required.");
        }

        return new Address
        {
            Recipient = Blank(address.Name),
            Line1 = line1 ?? "",
            Line2 = Blank(address.Line2),
            City = city ?? "",
            PostalCode = Blank(address.PostalCode) ?? Blank(address.Zip),
            Region = Blank(address.Region) ?? Blank(address.State),
            Country = country ?? "",
        };
    }

    private static List<ValidLine> ValidateLines(IReadOnlyList<OrderLineRequest?>? lines, IReadOnlyDictionary<string, Product> catalog, Action<string, string> error)
    {
        var valid = new List<ValidLine>();
        if (lines is null || lines.Count == 0)
        {
            error("lines", "An order needs at least one line.");
            return valid;
        }

        if (lines.Count > MaxLines)
        {
            error("lines", $"An order has at most {MaxLines} lines.");
            return valid;
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var path = $"lines[{i}]";
            if (lines[i] is not { } line)
            {
                error(path, "The line is empty.");
                continue;
            }

            Product? product = null;
            var sku = line.Sku?.Trim();
            if (string.IsNullOrEmpty(sku))
            {
                error($"{path}.sku", "The SKU is required.");
            }
            else if (!catalog.TryGetValue(sku, out product))
            {
                error($"{path}.sku", $"There is no product with SKU '{sku}'.");
            }

            if (line.Quantity is not { } quantity)
            {
                error($"{path}.quantity", "The quantity is required.");
            }
            else if (quantity is < 1 or > MaxQuantity)
            {
                error($"{path}.quantity", $"The quantity must be between 1 and {MaxQuantity}; got {quantity}.");
            }

            if (line.UnitPrice < 0)
            {
                error($"{path}.unitPrice", "The unit price cannot be negative.");
            }

            if (product is not null && line.Quantity is >= 1 and <= MaxQuantity && line.UnitPrice is null or >= 0)
            {
                valid.Add(new ValidLine(product, line.Quantity.Value, line.UnitPrice ?? product.UnitPrice));
            }
        }

        return valid;
    }

    private static List<SpecialInstruction> ValidateInstructions(IReadOnlyList<JsonElement>? instructions, Action<string, string> error)
    {
        var valid = new List<SpecialInstruction>();
        for (var i = 0; i < (instructions?.Count ?? 0); i++)
        {
            var path = $"specialInstructions[{i}]";
            var element = instructions![i];
            switch (element.ValueKind)
            {
                case JsonValueKind.String when Blank(element.GetString()) is { } text:
                    // A known instruction by name, or free text the shop passed on.
                    valid.Add(Names.TryParse(text, null, out SpecialInstructionKind kind) && kind != SpecialInstructionKind.Other
                        ? new SpecialInstruction(kind)
                        : new SpecialInstruction(SpecialInstructionKind.Other, text));
                    break;
                case JsonValueKind.Object:
                    var type = element.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                    var note = element.TryGetProperty("text", out var x) && x.ValueKind == JsonValueKind.String ? Blank(x.GetString()) : null;
                    if (type is null || !Names.TryParse(type, null, out SpecialInstructionKind objectKind))
                    {
                        error($"{path}.type", $"Use one of {string.Join(", ", Enum.GetNames<SpecialInstructionKind>())}.");
                    }
                    else
                    {
                        valid.Add(new SpecialInstruction(objectKind, note));
                    }

                    break;
                default:
                    error(path, "A special instruction is a text (\"Gift wrapping\") or an object {\"type\", \"text\"}.");
                    break;
            }
        }

        return valid;
    }

    // The seed's option labels, as a shop might send them.
    private static readonly Dictionary<string, ShippingMethod> ShippingMethodAliases = new()
    {
        ["standardshipping"] = ShippingMethod.Standard,
        ["expressshipping"] = ShippingMethod.Express,
        ["samedaydelivery"] = ShippingMethod.SameDay,
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
