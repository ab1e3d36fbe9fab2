using System.Globalization;
using System.Text.Encodings.Web;
using Fulfillment.Operations.Storage;
using Microsoft.EntityFrameworkCore;

namespace Fulfillment.Server.Flows;

public static class TrackingPageEndpoints
{
    /// <summary>
    /// <c>GET /track/{trackingNumber}</c>: the public tracking page the shipment e-mails link to. It
    /// shows what a carrier's own page shows (status, expected delivery, scans) and nothing about the order.
    /// </summary>
    public static IEndpointRouteBuilder MapTrackingPage(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/track/{trackingNumber}", async (string trackingNumber, IDbContextFactory<OperationsDbContext> contexts, CancellationToken ct) =>
            {
                await using var db = await contexts.CreateDbContextAsync(ct);
                var shipment = await db.Shipments.AsNoTracking().Include(s => s.TrackingEvents)
                    .FirstOrDefaultAsync(s => s.TrackingNumber == trackingNumber, ct);
                if (shipment is null)
                {
                    return Page(StatusCodes.Status404NotFound, "Unknown tracking number", $"No parcel has the tracking number {trackingNumber}.");
                }

                var scans = string.Concat(shipment.TrackingEvents.OrderByDescending(e => e.OccurredAt).Select(e =>
                    $"<li><time datetime=\"{e.OccurredAt:O}\">{e.OccurredAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}</time>: " +
                    $"{HtmlEncoder.Default.Encode(e.Description)}{(e.Location is null ? string.Empty : " (" + HtmlEncoder.Default.Encode(e.Location) + ")")}</li>"));
                var eta = shipment.EstimatedDeliveryAt is { } at && shipment.DeliveredAt is null
                    ? $"<p>Expected delivery: {at.ToString("dddd, MMMM d, yyyy", CultureInfo.InvariantCulture)}</p>"
                    : string.Empty;
                return Page(StatusCodes.Status200OK, $"Parcel {trackingNumber}", $"Status: {shipment.Status}", $"{eta}<ol>{scans}</ol>");
            })
            .AllowAnonymous()
            .ExcludeFromDescription();
        return endpoints;
    }

    private static IResult Page(int status, string title, string message, string? extra = null) => Results.Content($"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{HtmlEncoder.Default.Encode(title)}</title></head>
        <body style="font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5">
        <main><h1>{HtmlEncoder.Default.Encode(title)}</h1><p>{HtmlEncoder.Default.Encode(message)}</p>{extra}</main>
        </body></html>
        """, "text/html; charset=utf-8", statusCode: status);
}
