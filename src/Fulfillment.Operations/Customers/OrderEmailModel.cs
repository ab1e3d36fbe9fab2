using System.Globalization;
using System.Text.Json.Nodes;
using Fulfillment.HumanTasks.Scheduling;
using Fulfillment.Operations.Model;
using Fulfillment.Operations.Shipping;

namespace Fulfillment.Operations.Customers;

/// <summary>
/// The data every customer e-mail template gets (documented in <c>templates/email/README.md</c>):
/// the order, its lines and totals as display text, where it goes and when, the return policy, the
/// shop, and the shipment the message is about. Templates show text, so money and dates are formatted here.
/// </summary>
public static class OrderEmailModel
{
    public static JsonObject Build(Order order, Shipment? shipment, string? carrierName, ShopOptions shop, string publicBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(shop);
        string M(decimal amount) => Documents.Money.Format(amount, order.Currency);
        var model = new JsonObject
        {
            ["shop"] = new JsonObject { ["name"] = shop.Name, ["supportEmail"] = shop.SupportEmail, ["websiteUrl"] = shop.WebsiteUrl },
            ["orderNumber"] = order.OrderNumber,
            ["customer"] = new JsonObject { ["name"] = order.Customer.Name, ["email"] = order.Customer.Email },
            ["shipTo"] = Strings(AddressLines(order)),
            ["shippingMethod"] = ShippingMethodName(order.ShippingMethod),
            ["lines"] = new JsonArray([.. order.Lines.OrderBy(l => l.LineNumber).Select(l => (JsonNode)new JsonObject
            {
                ["lineNumber"] = l.LineNumber,
                ["sku"] = l.Sku,
                ["name"] = l.ProductName,
                ["quantity"] = l.Quantity,
                ["unitPrice"] = M(l.UnitPrice),
                ["lineTotal"] = M(l.LineTotal),
            })]),
            ["subtotal"] = M(order.Subtotal),
            ["discount"] = order.Discount == 0 ? null : M(order.Discount),
            ["tax"] = M(order.Tax),
            ["total"] = M(order.Total),
            ["expectedDelivery"] = Date(ExpectedDelivery(order, shipment, shop)),
            ["specialInstructions"] = NullIfEmpty(CustomerInstructions(order).Select(Describe)),
            ["returnPolicy"] = new Documents.ReturnPolicy(shop.ReturnWindowDays, shop.RefundBusinessDays).Describe(returnBy: null),
        };
        if (shipment is not null)
        {
            model["shipment"] = ShipmentModel(shipment, carrierName ?? shipment.CarrierCode, publicBaseUrl);
        }

        return model;
    }

    /// <summary>The carrier's estimate once there is one, else the shop's promise for the shipping method counted from the order.</summary>
    public static DateTimeOffset ExpectedDelivery(Order order, Shipment? shipment, ShopOptions shop)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(shop);
        return shipment?.EstimatedDeliveryAt
            ?? DueDates.Add(order.CreatedAt, TimeSpan.FromDays(shop.BusinessDaysFor(order.ShippingMethod)), businessDays: true);
    }

    /// <summary>The customer's own instructions (simulation settings such as a carrier scenario are not the customer's).</summary>
    public static IEnumerable<Model.SpecialInstruction> CustomerInstructions(Order order) =>
        order.SpecialInstructions.Where(i => !CarrierScenarios.IsScenarioInstruction(i));

    public static string TrackingUrl(string publicBaseUrl, string trackingNumber) =>
        $"{publicBaseUrl.TrimEnd('/')}/track/{Uri.EscapeDataString(trackingNumber)}";

    public static string Date(DateTimeOffset at) => at.ToString("dddd, MMMM d, yyyy", CultureInfo.InvariantCulture);

    public static string ShippingMethodName(ShippingMethod method) => method == ShippingMethod.SameDay ? "Same-day" : method.ToString();

    private static JsonObject ShipmentModel(Shipment shipment, string carrierName, string publicBaseUrl)
    {
        var last = shipment.TrackingEvents.OrderBy(e => e.OccurredAt).ThenBy(e => e.Id).LastOrDefault();
        return new JsonObject
        {
            ["carrier"] = carrierName,
            ["service"] = shipment.Service,
            ["trackingNumber"] = shipment.TrackingNumber,
            ["trackingUrl"] = shipment.TrackingNumber is { } number ? TrackingUrl(publicBaseUrl, number) : null,
            ["status"] = shipment.Status.ToString(),
            ["estimatedDelivery"] = shipment.EstimatedDeliveryAt is { } eta ? Date(eta) : null,
            ["deliveredAt"] = shipment.DeliveredAt is { } delivered ? Date(delivered) : null,
            ["lastEvent"] = last is null ? null : new JsonObject
            {
                ["code"] = last.Code,
                ["description"] = last.Description,
                ["location"] = last.Location,
                ["at"] = last.OccurredAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
            },
        };
    }

    private static IEnumerable<string> AddressLines(Order order)
    {
        var a = order.ShippingAddress;
        var city = string.Join(' ', new[] { a.PostalCode, a.City }.Where(p => !string.IsNullOrWhiteSpace(p)));
        string?[] lines = [a.Recipient ?? order.Customer.Name, a.Line1, a.Line2, string.IsNullOrWhiteSpace(a.Region) ? city : $"{city}, {a.Region}", a.Country];
        return lines.Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l!.Trim());
    }

    private static string Describe(Model.SpecialInstruction instruction)
    {
        var title = instruction.Kind switch
        {
            SpecialInstructionKind.SpecialPackaging => "Special packaging",
            SpecialInstructionKind.GiftWrapping => "Gift wrapping",
            SpecialInstructionKind.CustomizedMessage => "Customized message",
            _ => null,
        };
        return (title, instruction.Text) switch
        {
            (null, { } text) => text,
            ({ } t, { Length: > 0 } text) => $"{t}: {text}",
            ({ } t, _) => t,
            _ => "Note",
        };
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v)!)]);

    /// <summary>Templates test lists with <c>{{#if}}</c>; an absent list reads the same in every Handlebars implementation.</summary>
    private static JsonArray? NullIfEmpty(IEnumerable<string> values)
    {
        var array = Strings(values);
        return array.Count == 0 ? null : array;
    }
}
