using Fulfillment.Operations.Inventory;
using Fulfillment.Server.Workflows;

namespace Fulfillment.Server.Operations;

public static class InventoryEndpoints
{
    public static RouteGroupBuilder MapInventoryEndpoints(this RouteGroupBuilder api)
    {
        var inventory = api.MapGroup("/inventory").WithTags("Inventory");

        inventory.MapGet("/", (string? sku, string? warehouse, InventoryService service, CancellationToken ct) => service.ListStockAsync(sku, warehouse, ct))
            .Produces<IReadOnlyList<StockRow>>()
            .WithSummary("Stock per SKU and shelf location: sku, name, category, warehouse, location, shelf, onHand, reserved, available. Filters: `sku`, `warehouse`.");

        inventory.MapPost("/restock", async (RestockRequest request, HttpContext http, InventoryService service, CancellationToken ct) =>
            {
                var key = http.Request.Headers["Idempotency-Key"].ToString();
                return Results.Ok(await service.RestockAsync(request, http.Actor(), string.IsNullOrWhiteSpace(key) ? null : $"api:{key}", ct));
            })
            .RequireAuthorization(OperationsApiServiceCollectionExtensions.StockkeepingPolicy)
            .Produces<RestockResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Books stock in: `{sku, quantity, warehouse?, location?, kind?: Receipt|Return, reason?}`. Without a location, the SKU's place in the closest warehouse. An Idempotency-Key header makes a retry add nothing (`duplicate: true`).");

        inventory.MapGet("/reconciliation", (InventoryService service, CancellationToken ct) => service.ReconcileAsync(ct))
            .Produces<ReconciliationReport>()
            .WithSummary("Per SKU: on hand vs received + returned − shipped by fulfilled orders, and reserved vs what open orders hold; `matches` false marks a discrepancy.");
        return api;
    }
}
