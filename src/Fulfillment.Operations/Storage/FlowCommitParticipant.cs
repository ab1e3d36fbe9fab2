using Fulfillment.Operations.Model;
using Fulfillment.Workflows.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Fulfillment.Operations.Storage;

/// <summary>
/// Writes the fulfillment activities' records (<see cref="DocumentFiled"/>, <see cref="ShipmentBooked"/>,
/// <see cref="ShipmentCancelled"/>, <see cref="PickupBooked"/>, <see cref="ReturnUpdated"/>,
/// <see cref="PaymentRefunded"/>) inside the
/// instance's commit transaction, in the order the steps made them. Each write is idempotent on its
/// natural key, so the same record written by a step that runs again in a later pass changes nothing twice.
/// </summary>
internal sealed class FlowCommitParticipant : IWorkflowCommitParticipant
{
    public async Task OnCommittingAsync(WorkflowCommitContext context, CancellationToken cancellationToken)
    {
        var effects = context.Commit.Extras
            .Where(e => e is DocumentFiled or ShipmentBooked or ShipmentCancelled or PickupBooked or ReturnUpdated or PaymentRefunded)
            .ToList();
        if (effects.Count == 0)
        {
            return;
        }

        await using var db = new OperationsDbContext(context.CreateOptions<OperationsDbContext>());
        await db.Database.UseTransactionAsync(context.Transaction, cancellationToken);
        foreach (var effect in effects)
        {
            switch (effect)
            {
                case ShipmentBooked booked:
                    await ApplyAsync(db, booked, cancellationToken);
                    break;
                case DocumentFiled filed:
                    await ApplyAsync(db, filed, cancellationToken);
                    break;
                case ShipmentCancelled cancelled:
                    await db.Shipments
                        .Where(s => s.CarrierCode == cancelled.CarrierCode && s.TrackingNumber == cancelled.TrackingNumber)
                        .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, ShipmentStatus.Cancelled).SetProperty(x => x.CarrierDataJson, cancelled.CarrierDataJson), cancellationToken);
                    break;
                case PickupBooked pickup:
                    await db.Shipments
                        .Where(s => s.CarrierCode == pickup.CarrierCode && s.TrackingNumber == pickup.TrackingNumber)
                        .ExecuteUpdateAsync(s => s.SetProperty(x => x.CarrierDataJson, pickup.CarrierDataJson), cancellationToken);
                    break;
                case ReturnUpdated update:
                    await ApplyAsync(db, update, cancellationToken);
                    break;
                case PaymentRefunded refunded:
                    var at = refunded.At.ToUniversalTime();
                    await db.Orders.Where(o => o.Id == refunded.OrderId)
                        .ExecuteUpdateAsync(s => s.SetProperty(o => o.PaymentStatus, PaymentStatus.Refunded).SetProperty(o => o.UpdatedAt, at), cancellationToken);
                    break;
            }
        }
    }

    private static async Task ApplyAsync(OperationsDbContext db, ShipmentBooked booked, CancellationToken cancellationToken)
    {
        var shipment = await db.Shipments.FirstOrDefaultAsync(s => s.CarrierCode == booked.CarrierCode && s.TrackingNumber == booked.TrackingNumber, cancellationToken);
        if (shipment is null)
        {
            shipment = new Shipment
            {
                OrderId = booked.OrderId,
                CarrierCode = booked.CarrierCode,
                Service = booked.Service,
                TrackingNumber = booked.TrackingNumber,
                Status = ShipmentStatus.Booked,
                CreatedAt = booked.BookedAt.ToUniversalTime(),
                BookedAt = booked.BookedAt.ToUniversalTime(),
                EstimatedDeliveryAt = booked.EstimatedDeliveryAt?.ToUniversalTime(),
                Scenario = booked.Scenario,
                CarrierDataJson = booked.CarrierDataJson,
            };
            db.Shipments.Add(shipment);
            await db.SaveChangesAsync(cancellationToken);
        }

        if (booked.ReturnId is { } returnId)
        {
            var at = booked.BookedAt.ToUniversalTime();
            await db.Returns.Where(r => r.Id == returnId)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.ExchangeShipmentId, shipment.Id).SetProperty(r => r.UpdatedAt, at), cancellationToken);
        }
    }

    private static async Task ApplyAsync(OperationsDbContext db, DocumentFiled filed, CancellationToken cancellationToken)
    {
        int? shipmentId = filed.TrackingNumber is { } tracking
            ? await db.Shipments.Where(s => s.OrderId == filed.OrderId && s.TrackingNumber == tracking).Select(s => (int?)s.Id).FirstOrDefaultAsync(cancellationToken)
            : null;
        var document = await db.Documents.FirstOrDefaultAsync(d => d.OrderId == filed.OrderId && d.FileName == filed.FileName, cancellationToken);
        if (document is null)
        {
            document = new OrderDocument { OrderId = filed.OrderId, FileName = filed.FileName, ContentType = filed.ContentType, Content = filed.Content };
            db.Documents.Add(document);
        }

        document.Kind = filed.Kind;
        document.ContentType = filed.ContentType;
        document.Content = filed.Content;
        document.ShipmentId = shipmentId;
        document.CreatedAt = filed.At.ToUniversalTime();
        await db.SaveChangesAsync(cancellationToken);
    }

    private static async Task ApplyAsync(OperationsDbContext db, ReturnUpdated update, CancellationToken cancellationToken)
    {
        var request = await db.Returns.FirstOrDefaultAsync(r => r.Id == update.ReturnId, cancellationToken);
        if (request is null)
        {
            return;
        }

        var at = update.At.ToUniversalTime();
        request.Status = update.Status ?? request.Status;
        request.InspectionOutcome = update.Inspection ?? request.InspectionOutcome;
        request.RefundStatus = update.RefundStatus ?? request.RefundStatus;
        request.RefundAmount = update.RefundAmount ?? request.RefundAmount;
        request.UpdatedAt = at;
        if (update.Status == ReturnStatus.Closed)
        {
            request.ClosedAt ??= at;
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
