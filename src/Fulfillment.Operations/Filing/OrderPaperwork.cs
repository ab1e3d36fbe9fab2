using Fulfillment.Operations.Carriers;
using Fulfillment.Operations.Customers;
using Fulfillment.Operations.Documents;
using Fulfillment.Operations.Inventory;
using Fulfillment.Operations.Model;
using Fulfillment.Operations.Shipping;
using ModelInstruction = Fulfillment.Operations.Model.SpecialInstruction;
using ModelInstructionKind = Fulfillment.Operations.Model.SpecialInstructionKind;

namespace Fulfillment.Operations.Filing;

/// <summary>
/// The order's paperwork as the document renderers take it: an order (and its pick list or return)
/// becomes <see cref="InvoiceData"/>, <see cref="PackingSlipData"/> or <see cref="ReturnInstructionsData"/>,
/// with the shop as seller and return address.
/// </summary>
public static class OrderPaperwork
{
    public static string InvoiceNumber(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return $"INV-{order.OrderNumber}";
    }

    /// <summary>The reference a customer writes on a returned parcel.</summary>
    public static string ReturnReference(ReturnRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ReturnReference(request.Id);
    }

    public static string ReturnReference(int returnId) => $"RMA-{returnId:D6}";

    public static CompanyDetails Seller(ShopOptions shop)
    {
        ArgumentNullException.ThrowIfNull(shop);
        return new CompanyDetails(shop.Name, ShopAddress(shop), shop.SupportEmail, shop.WebsiteUrl);
    }

    public static PostalAddress ShipTo(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var a = order.ShippingAddress;
        return new PostalAddress(a.Recipient ?? order.Customer.Name, a.Line1, a.City, a.PostalCode ?? string.Empty, a.Country, a.Line2, a.Region, Phone: order.Customer.Phone);
    }

    public static InvoiceData Invoice(Order order, ShopOptions shop, DateOnly issuedOn)
    {
        ArgumentNullException.ThrowIfNull(order);
        return new InvoiceData(
            InvoiceNumber(order),
            order.OrderNumber,
            issuedOn,
            Seller(shop),
            order.Customer.Name,
            ShipTo(order),
            [.. order.Lines.OrderBy(l => l.LineNumber).Select(l => new InvoiceLine(l.Sku, l.ProductName, l.Quantity, l.UnitPrice))],
            ServiceNames.ToCarrier(order.ShippingMethod),
            order.TaxRate,
            order.Discount > 0 ? Discount.Amount(order.Discount) : null,
            order.Currency,
            order.Customer.Email,
            PaymentStatus: order.PaymentStatus.ToString());
    }

    /// <param name="picks">Where each line is picked from (from the allocation); lines without picks print without a shelf.</param>
    public static PackingSlipData PackingSlip(Order order, IReadOnlyList<PickItem> picks, ShopOptions shop, DateOnly preparedOn)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(picks);
        var lines = order.Lines.OrderBy(l => l.LineNumber).SelectMany(line =>
        {
            var from = picks.Where(p => p.LineNumber == line.LineNumber).ToList();
            return from.Count == 0
                ? [new PackingSlipLine(line.Sku, line.ProductName, line.Quantity)]
                : from.Select(p => new PackingSlipLine(line.Sku, line.ProductName, p.Quantity, $"{p.Warehouse} {p.Location}"));
        }).ToList();
        var warehouses = picks.Select(p => p.WarehouseName).Distinct().ToList();
        return new PackingSlipData(
            order.OrderNumber,
            preparedOn,
            Seller(shop),
            order.Customer.Name,
            ShipTo(order),
            ServiceNames.ToCarrier(order.ShippingMethod),
            lines,
            [.. OrderEmailModel.CustomerInstructions(order).Select(Instruction)],
            warehouses.Count == 0 ? null : string.Join(", ", warehouses));
    }

    /// <param name="request">The authorised return, or null for the general instructions filed with every order.</param>
    public static ReturnInstructionsData ReturnInstructions(Order order, ReturnRequest? request, DateTimeOffset? deliveredAt, ShopOptions shop, DateOnly issuedOn)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(shop);
        var items = request?.Lines.Select(rl => order.Lines.FirstOrDefault(l => l.Id == rl.OrderLineId) is { } line
                ? new ReturnItem(line.Sku, line.ProductName, rl.Quantity, request.Reason.ToString())
                : null)
            .OfType<ReturnItem>()
            .ToList();
        return new ReturnInstructionsData(
            order.OrderNumber,
            order.Customer.Name,
            Seller(shop),
            ShopAddress(shop),
            issuedOn,
            new ReturnPolicy(shop.ReturnWindowDays, shop.RefundBusinessDays),
            request is null ? null : ReturnReference(request),
            deliveredAt is { } delivered ? DateOnly.FromDateTime(delivered.UtcDateTime) : null,
            items is { Count: > 0 } ? items : null);
    }

    /// <summary>The shop's address: sender of parcels, seller on documents, destination of returns.</summary>
    public static PostalAddress ShopAddress(ShopOptions shop) =>
        new(shop.Name, shop.Address.Line1, shop.Address.City, shop.Address.PostalCode, shop.Address.CountryCode, shop.Address.Line2, shop.Address.Region);

    private static Documents.SpecialInstruction Instruction(ModelInstruction instruction) => new(
        instruction.Kind switch
        {
            ModelInstructionKind.GiftWrapping => Documents.SpecialInstructionKind.GiftWrap,
            ModelInstructionKind.SpecialPackaging => Documents.SpecialInstructionKind.SpecialPackaging,
            ModelInstructionKind.CustomizedMessage => Documents.SpecialInstructionKind.CustomizedMessage,
            _ => Documents.SpecialInstructionKind.Other,
        },
        instruction.Text);
}
