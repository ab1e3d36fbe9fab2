namespace Fulfillment.Operations.Model;

/// <summary>Where an order is in its life; every change is kept in <see cref="OrderStatusChange"/>.</summary>
public enum OrderStatus
{
    Received,
    Pending,
    Verified,
    Allocated,
    Packed,
    ReadyForShipment,
    Shipped,
    InTransit,
    Delivered,
    Completed,
    Cancelled,
    Returned,
}

public enum PaymentStatus
{
    Pending,
    Paid,
    Failed,
    Refunded,
}

public enum ShippingMethod
{
    Standard,
    Express,
    SameDay,
}

/// <summary>The seeds' special instructions, plus free text the shop passed on.</summary>
public enum SpecialInstructionKind
{
    SpecialPackaging,
    GiftWrapping,
    CustomizedMessage,
    Other,
}

/// <summary>The seeds' product categories; in the demo warehouses each has its own shelf (A, B, C).</summary>
public enum ProductCategory
{
    Electronics,
    Clothing,
    HomeDecor,
}

/// <summary>Whether an order line holds stock: reserving claims the line, so a line is reserved at most once at a time.</summary>
public enum LineStockStatus
{
    Unreserved,
    Reserved,
    Committed,
    Released,
}

public enum ReservationStatus
{
    Reserved,
    Released,
    Committed,
}

/// <summary>Why on-hand stock went up; the reconciliation report adds these up.</summary>
public enum MovementKind
{
    /// <summary>Goods received from a supplier (and the demo data's opening stock).</summary>
    Receipt,

    /// <summary>Returned items put back on the shelf.</summary>
    Return,
}

public enum ShipmentStatus
{
    Booked,
    PickedUp,
    InTransit,
    OutForDelivery,
    Delivered,
    Delayed,
    Lost,
    Damaged,
    Cancelled,
}

public enum DocumentKind
{
    Invoice,
    PackingSlip,
    ReturnInstructions,
    LabelPdf,
    LabelZpl,
}

public enum ReturnStatus
{
    Requested,
    Approved,
    Rejected,
    Received,
    Inspected,
    Closed,
}

/// <summary>Why the customer sends goods back; WrongItem and Damaged count against the accuracy rate.</summary>
public enum ReturnReason
{
    WrongItem,
    Damaged,
    Defective,
    NotAsDescribed,
    NoLongerNeeded,
    Other,
}

public enum InspectionOutcome
{
    Restock,
    QualityControl,
    Dispose,
}

public enum RefundStatus
{
    Processed,
    Pending,
    Declined,
}
