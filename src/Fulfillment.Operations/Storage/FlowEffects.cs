using Fulfillment.Operations.Model;

namespace Fulfillment.Operations.Storage;

// Commit effects of the fulfillment activities: records written by FlowCommitParticipant in the same
// transaction as the instance state of the step that made them, so they exist exactly when that step
// committed (never twice after a crash, never for a step that faulted).

/// <summary>A document filed with an order; replaces an earlier file of the same name (a re-run, a second pass).</summary>
/// <param name="TrackingNumber">Links the document to the shipment with this tracking number (labels).</param>
public sealed record DocumentFiled(int OrderId, DocumentKind Kind, string FileName, string ContentType, byte[] Content, DateTimeOffset At, string? TrackingNumber = null);

/// <summary>A shipment booked with a carrier; nothing is written when the carrier already has it on record (same carrier and tracking number).</summary>
/// <param name="ReturnId">For an exchange: the return request whose replacement this shipment carries.</param>
public sealed record ShipmentBooked(
    int OrderId,
    string CarrierCode,
    string Service,
    string TrackingNumber,
    DateTimeOffset BookedAt,
    DateTimeOffset? EstimatedDeliveryAt,
    string? Scenario,
    string? CarrierDataJson,
    int? ReturnId = null);

/// <summary>A booked shipment was given up (e.g. a new label replaces it); its label files stay as a record.</summary>
/// <param name="CarrierDataJson">The carrier's data after the cancellation.</param>
public sealed record ShipmentCancelled(string CarrierCode, string TrackingNumber, DateTimeOffset At, string CarrierDataJson);

/// <summary>What the carrier said about the pickup, kept with the shipment's carrier data.</summary>
public sealed record PickupBooked(string CarrierCode, string TrackingNumber, string CarrierDataJson);

/// <summary>A change to a return request; null fields stay as they are.</summary>
public sealed record ReturnUpdated(
    int ReturnId,
    DateTimeOffset At,
    ReturnStatus? Status = null,
    InspectionOutcome? Inspection = null,
    RefundStatus? RefundStatus = null,
    decimal? RefundAmount = null);

/// <summary>The order's payment was paid back in full.</summary>
public sealed record PaymentRefunded(int OrderId, DateTimeOffset At);
