namespace Fulfillment.Operations.Model;

/// <summary>A parcel booked with a carrier for an order (an exchange is a further shipment of the same order).</summary>
public sealed class Shipment
{
    public int Id { get; set; }

    public int OrderId { get; set; }

    /// <summary>Which carrier integration booked it, e.g. "simulated".</summary>
    public required string CarrierCode { get; set; }

    /// <summary>The carrier's service level, e.g. "express".</summary>
    public required string Service { get; set; }

    /// <summary>Unique per carrier; the bookmark key <c>shipment:&lt;tracking number&gt;</c> is built from it.</summary>
    public string? TrackingNumber { get; set; }

    public ShipmentStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? BookedAt { get; set; }

    public DateTimeOffset? PickedUpAt { get; set; }

    public DateTimeOffset? EstimatedDeliveryAt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    /// <summary>Whatever the carrier returned that we keep (JSON).</summary>
    public string? CarrierDataJson { get; set; }

    /// <summary>For the simulated carrier: how this parcel should behave (e.g. "delay", "lost").</summary>
    public string? Scenario { get; set; }

    public List<TrackingEvent> TrackingEvents { get; set; } = [];
}

/// <summary>A carrier scan. (ShipmentId, Code, OccurredAt) is unique, so a repeated webhook or poll adds nothing.</summary>
public sealed class TrackingEvent
{
    public long Id { get; set; }

    public int ShipmentId { get; set; }

    /// <summary>The carrier's event code, e.g. "PICKED_UP", "IN_TRANSIT", "DELIVERED".</summary>
    public required string Code { get; set; }

    public required string Description { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    public string? Location { get; set; }
}

/// <summary>A file filed with an order: invoice, packing slip, return instructions, labels.</summary>
public sealed class OrderDocument
{
    public int Id { get; set; }

    public int OrderId { get; set; }

    public DocumentKind Kind { get; set; }

    /// <summary>Unique per order, so filing the same document again (a re-run) replaces rather than duplicates.</summary>
    public required string FileName { get; set; }

    public required string ContentType { get; set; }

    public required byte[] Content { get; set; }

    public int? ShipmentId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A customer's request to send (some of) an order back, and what became of it.</summary>
public sealed class ReturnRequest
{
    public int Id { get; set; }

    public int OrderId { get; set; }

    public ReturnReason Reason { get; set; }

    public string? Comment { get; set; }

    public ReturnStatus Status { get; set; }

    public InspectionOutcome? InspectionOutcome { get; set; }

    public RefundStatus? RefundStatus { get; set; }

    public decimal? RefundAmount { get; set; }

    /// <summary>The customer wants the same goods again instead of (only) money back.</summary>
    public bool IsExchange { get; set; }

    public int? ExchangeShipmentId { get; set; }

    /// <summary>The returns workflow instance handling it.</summary>
    public string? InstanceId { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public List<ReturnLine> Lines { get; set; } = [];
}

public sealed class ReturnLine
{
    public int Id { get; set; }

    public int ReturnRequestId { get; set; }

    public int OrderLineId { get; set; }

    public int Quantity { get; set; }
}
