using Fulfillment.Operations.Model;
using Fulfillment.Operations.Storage;
using Microsoft.EntityFrameworkCore;

namespace Fulfillment.Server.Flows;

public static class LabelEndpoints
{
    /// <summary>
    /// <c>GET /api/orders/{id}/label.pdf</c> and <c>/label.zpl</c>: the shipping label of the order's newest
    /// shipment that has one (a replacement's label once it is booked), as filed by <c>CreateShippingLabel</c>.
    /// </summary>
    public static RouteGroupBuilder MapLabelEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/orders/{id:int}/label.pdf", (int id, IDbContextFactory<OperationsDbContext> contexts, CancellationToken ct) =>
                LabelAsync(id, DocumentKind.LabelPdf, contexts, ct))
            .WithTags("Orders")
            .WithSummary("The order's 4x6 shipping label as PDF (Code 128 tracking barcode and QR code).");
        api.MapGet("/orders/{id:int}/label.zpl", (int id, IDbContextFactory<OperationsDbContext> contexts, CancellationToken ct) =>
                LabelAsync(id, DocumentKind.LabelZpl, contexts, ct))
            .WithTags("Orders")
            .WithSummary("The order's 4x6 shipping label as ZPL for thermal printers.");
        return api;
    }

    private static async Task<IResult> LabelAsync(int orderId, DocumentKind kind, IDbContextFactory<OperationsDbContext> contexts, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var label = await db.Documents.AsNoTracking()
            .Where(d => d.OrderId == orderId && d.Kind == kind)
            .OrderByDescending(d => d.ShipmentId).ThenByDescending(d => d.Id)
            .Select(d => new { d.FileName, d.ContentType, d.Content })
            .FirstOrDefaultAsync(ct);
        if (label is not null)
        {
            return Results.File(label.Content, label.ContentType, label.FileName);
        }

        var exists = await db.Orders.AnyAsync(o => o.Id == orderId, ct);
        return Results.Problem(statusCode: StatusCodes.Status404NotFound,
            detail: exists ? $"Order {orderId} has no shipping label yet: it is created when the order's shipment is booked." : $"Order {orderId} was not found.");
    }
}
