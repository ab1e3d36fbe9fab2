using Fulfillment.Operations.Carriers;

namespace Fulfillment.Operations.Documents;

/// <summary>One product to pick and pack, with where it lies in the warehouse.</summary>
public sealed record PackingSlipLine(string Sku, string Description, int Quantity, string? ShelfLocation = null);

/// <summary>What the packer needs: the lines, where to find them, and the customer's special instructions. No prices.</summary>
public sealed record PackingSlipData(
    string OrderNumber,
    DateOnly PreparedOn,
    CompanyDetails Seller,
    string CustomerName,
    PostalAddress ShipTo,
    ShippingMethod ShippingMethod,
    IReadOnlyList<PackingSlipLine> Lines,
    IReadOnlyList<SpecialInstruction>? SpecialInstructions = null,
    string? Warehouse = null);
