using System.Text.Json;
using Fulfillment.Operations.Carriers;
using Fulfillment.Operations.Shipping;
using Fulfillment.Server.Workflows;
using Microsoft.Extensions.Options;

namespace Fulfillment.Server.Flows;

/// <summary>What a webhook post answers: whether the scan was new, where the parcel stands, and how many waits it moved on.</summary>
public sealed record WebhookReceipt(string TrackingNumber, int NewScans, string? Status, int Resumed);

public static class CarrierWebhookEndpoints
{
    /// <summary>
    /// <c>POST /api/carriers/{code}/webhook</c>: a carrier's tracking event (<see cref="CarrierTrackingUpdate"/>),
    /// signed with HMAC-SHA256 in <c>X-Carrier-Signature</c> (<see cref="WebhookSignature"/>) under the carrier's
    /// secret (<c>Fulfillment:Operations:Shipping:WebhookSecrets:{code}</c>). Anonymous: the signature is the
    /// credential. Idempotent: a repeated post records nothing and resumes nothing.
    /// </summary>
    public static RouteGroupBuilder MapCarrierWebhookEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/carriers/{code}/webhook", async (string code, HttpRequest request, IOptions<ShippingOptions> options,
                ICarrierRegistry carriers, TrackingService tracking, CancellationToken ct) =>
            {
                if (!carriers.TryGet(code, out var carrier) || !options.Value.WebhookSecrets.TryGetValue(carrier.Code, out var secret) || string.IsNullOrWhiteSpace(secret))
                {
                    return Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"No carrier '{code}' posts webhooks here.");
                }

                using var buffer = new MemoryStream();
                await request.Body.CopyToAsync(buffer, ct);
                var body = buffer.ToArray();

                // Signed seconds are wall-clock time, whatever the business clock says.
                var check = WebhookSignature.Verify(secret, body, request.Headers[WebhookSignature.HeaderName], DateTimeOffset.UtcNow);
                if (check != WebhookSignatureCheck.Valid)
                {
                    return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "The webhook signature is not valid.",
                        detail: check switch
                        {
                            WebhookSignatureCheck.Missing => $"The {WebhookSignature.HeaderName} header is missing.",
                            WebhookSignatureCheck.Malformed => $"The {WebhookSignature.HeaderName} header is not t=<unix seconds>,v1=<hex HMAC-SHA256>.",
                            WebhookSignatureCheck.OutsideTolerance => "The signature is too old (or from the future): a replayed request is refused.",
                            _ => "The signature does not match the body.",
                        });
                }

                CarrierTrackingUpdate? update;
                try
                {
                    update = JsonSerializer.Deserialize<CarrierTrackingUpdate>(body, JsonSerializerOptions.Web);
                }
                catch (JsonException ex)
                {
                    return ApiProblems.BadRequest(ex.Path ?? "$", "The body is not a tracking update: {trackingNumber, status, occurredAt, description}.");
                }

                if (update is null || string.IsNullOrWhiteSpace(update.TrackingNumber))
                {
                    return ApiProblems.BadRequest("trackingNumber", "The tracking number is required.");
                }

                if (update.OccurredAt == default)
                {
                    return ApiProblems.BadRequest("occurredAt", "When the event happened is required (ISO 8601).");
                }

                var scan = TrackingStatusMap.ToScan(new CarrierTrackingEvent(update.Status, update.OccurredAt, update.Description ?? update.Status.ToString()));
                var recorded = await tracking.RecordAsync(new TrackingUpdate(carrier.Code, update.TrackingNumber.Trim(), scan.Status, [scan]), ct);
                return recorded.Known
                    ? Results.Ok(new WebhookReceipt(update.TrackingNumber.Trim(), recorded.NewScans, recorded.Status?.ToString(), recorded.Resumed))
                    : Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"{carrier.DisplayName} has no shipment {update.TrackingNumber} booked here.");
            })
            .AllowAnonymous()
            .DisableAntiforgery()
            .WithTags("Carriers")
            .WithSummary("A carrier's tracking event, HMAC-signed (X-Carrier-Signature): records the scan and resumes the workflow waiting on shipment:<trackingNumber>.");
        return api;
    }
}
