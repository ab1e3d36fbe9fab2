using Fulfillment.Operations.Model;

namespace Fulfillment.Operations.Orders;

/// <summary>What placing an order did: <see cref="Created"/> is false when the order number was already known (the first order is returned).</summary>
public sealed record OrderPlacement(Order Order, bool Created);

/// <summary>Filters for the order list; <see cref="Search"/> matches order number, customer name or email.</summary>
public sealed record OrderQuery(OrderStatus? Status = null, string? Search = null, int Skip = 0, int Take = 50);

public sealed record OrderPage(IReadOnlyList<OrderSummary> Items, int Total, int Skip, int Take);

public sealed record OrderSummary(
    int Id,
    string OrderNumber,
    OrderStatus Status,
    PaymentStatus PaymentStatus,
    string CustomerName,
    string CustomerEmail,
    ShippingMethod ShippingMethod,
    decimal Total,
    string Currency,
    string? InstanceId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>An order with everything that happened to it: the order page and <c>GET /api/orders/{id}</c>.</summary>
public sealed record OrderDetails(
    int Id,
    string OrderNumber,
    OrderStatus Status,
    PaymentStatus PaymentStatus,
    string? InstanceId,
    Customer Customer,
    Address ShippingAddress,
    ShippingMethod ShippingMethod,
    IReadOnlyList<SpecialInstruction> SpecialInstructions,
    string Currency,
    decimal Subtotal,
    decimal Discount,
    decimal TaxRate,
    decimal Tax,
    decimal Total,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ShippedAt,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset? CompletedAt,
    IReadOnlyList<OrderLineView> Lines,
    IReadOnlyList<StatusChangeView> History,
    IReadOnlyList<ShipmentView> Shipments,
    IReadOnlyList<DocumentView> Documents,
    IReadOnlyList<ReturnView> Returns,
    FeedbackView? Feedback);

public sealed record OrderLineView(
    int LineNumber,
    string Sku,
    string Name,
    int Quantity,
    decimal UnitPrice,
    decimal LineTotal,
    LineStockStatus StockStatus,
    IReadOnlyList<LineAllocationView> Allocations);

/// <summary>Where a line's units are held: warehouse, shelf location, how many, and whether still held.</summary>
public sealed record LineAllocationView(string Warehouse, string Location, int Quantity, ReservationStatus Status);

public sealed record StatusChangeView(OrderStatus? From, OrderStatus To, string Actor, DateTimeOffset At, string? Note);

public sealed record ShipmentView(
    int Id,
    string CarrierCode,
    string Service,
    string? TrackingNumber,
    ShipmentStatus Status,
    DateTimeOffset? BookedAt,
    DateTimeOffset? PickedUpAt,
    DateTimeOffset? EstimatedDeliveryAt,
    DateTimeOffset? DeliveredAt,
    IReadOnlyList<TrackingEventView> TrackingEvents);

public sealed record TrackingEventView(string Code, string Description, DateTimeOffset OccurredAt, string? Location);

/// <param name="Href">Where to download it: <c>/api/orders/{orderId}/documents/{id}</c>.</param>
public sealed record DocumentView(int Id, DocumentKind Kind, string FileName, string ContentType, int Size, DateTimeOffset CreatedAt, string Href)
{
    public static string HrefFor(int orderId, int documentId) => $"/api/orders/{orderId}/documents/{documentId}";
}

public sealed record ReturnView(
    int Id,
    ReturnReason Reason,
    ReturnStatus Status,
    InspectionOutcome? InspectionOutcome,
    RefundStatus? RefundStatus,
    decimal? RefundAmount,
    bool IsExchange,
    DateTimeOffset RequestedAt);

public sealed record FeedbackView(int Score, string? Comment, DateTimeOffset ReceivedAt);
