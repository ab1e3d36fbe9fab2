namespace Fulfillment.Operations.Model;

/// <summary>A customer order: what was bought, by whom, where it goes, and where it stands.</summary>
public sealed class Order
{
    public int Id { get; set; }

    /// <summary>The shop's order number; unique, which is what makes placing an order idempotent.</summary>
    public required string OrderNumber { get; set; }

    public required Customer Customer { get; set; }

    public required Address ShippingAddress { get; set; }

    public ShippingMethod ShippingMethod { get; set; }

    public List<SpecialInstruction> SpecialInstructions { get; set; } = [];

    public PaymentStatus PaymentStatus { get; set; }

    public OrderStatus Status { get; set; }

    /// <summary>The workflow instance that fulfils the order (null until it has started).</summary>
    public string? InstanceId { get; set; }

    public required string Currency { get; set; }

    public decimal Subtotal { get; set; }

    public decimal Discount { get; set; }

    /// <summary>E.g. 0.08 for 8 %.</summary>
    public decimal TaxRate { get; set; }

    public decimal Tax { get; set; }

    public decimal Total { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>First time the order reached Shipped (processing time ends here).</summary>
    public DateTimeOffset? ShippedAt { get; set; }

    /// <summary>First time the order reached Delivered (delivery time ends here).</summary>
    public DateTimeOffset? DeliveredAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public List<OrderLine> Lines { get; set; } = [];
}

public sealed class Customer
{
    public required string Name { get; set; }

    public required string Email { get; set; }

    public string? Phone { get; set; }
}

public sealed class Address
{
    /// <summary>Who the parcel is for, when not the customer.</summary>
    public string? Recipient { get; set; }

    public required string Line1 { get; set; }

    public string? Line2 { get; set; }

    public required string City { get; set; }

    public string? PostalCode { get; set; }

    public string? Region { get; set; }

    public required string Country { get; set; }
}

public sealed record SpecialInstruction(SpecialInstructionKind Kind, string? Text = null);

public sealed class OrderLine
{
    public int Id { get; set; }

    public int OrderId { get; set; }

    /// <summary>1-based position in the order as placed.</summary>
    public int LineNumber { get; set; }

    public required string Sku { get; set; }

    /// <summary>The product's name when the order was placed.</summary>
    public required string ProductName { get; set; }

    public int Quantity { get; set; }

    public decimal UnitPrice { get; set; }

    public decimal LineTotal { get; set; }

    public LineStockStatus StockStatus { get; set; }
}

/// <summary>One step of an order's history: who moved it, when, from where to where.</summary>
public sealed class OrderStatusChange
{
    public long Id { get; set; }

    public int OrderId { get; set; }

    public OrderStatus? From { get; set; }

    public OrderStatus To { get; set; }

    public required string Actor { get; set; }

    public DateTimeOffset At { get; set; }

    public string? Note { get; set; }

    /// <summary>The instance whose workflow made the change, if one did.</summary>
    public string? InstanceId { get; set; }
}

/// <summary>Customer satisfaction for one order (one answer per order; the CSAT link may be clicked twice).</summary>
public sealed class Feedback
{
    public int Id { get; set; }

    public int OrderId { get; set; }

    /// <summary>1 (very unhappy) to 5 (very happy).</summary>
    public int Score { get; set; }

    public string? Comment { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
}
