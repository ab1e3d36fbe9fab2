using Fulfillment.Operations.Inventory;
using Fulfillment.Server.Operations;

namespace Fulfillment.Server.Studio.Services;

/// <summary>
/// What the Studio's inventory screen reads and books, through <see cref="InventoryService"/>. Restocking
/// demands the API's policy (<see cref="OperationsApiServiceCollectionExtensions.StockkeepingPolicy"/>)
/// for the circuit's user.
/// </summary>
internal sealed class Stockroom(InventoryService inventory, StudioAuthorization authorization)
{
    public Task<IReadOnlyList<StockRow>> ListAsync(CancellationToken cancellationToken) => inventory.ListStockAsync(sku: null, warehouse: null, cancellationToken);

    public Task<ReconciliationReport> ReconcileAsync(CancellationToken cancellationToken) => inventory.ReconcileAsync(cancellationToken);

    /// <summary>Whether the signed-in user may book stock in.</summary>
    public Task<bool> CanRestockAsync() => authorization.AllowsAsync(OperationsApiServiceCollectionExtensions.StockkeepingPolicy);

    /// <summary>
    /// Books stock in. The key is made once per restock dialog, so a second click (or a reconnecting
    /// circuit repeating the call) adds nothing: <see cref="RestockResult.Duplicate"/> says so.
    /// </summary>
    public async Task<RestockResult> RestockAsync(RestockRequest request, string idempotencyKey, CancellationToken cancellationToken)
    {
        await authorization.DemandAsync(OperationsApiServiceCollectionExtensions.StockkeepingPolicy,
            "Only warehouse staff, a warehouse manager or an Admin may book stock in.");
        return await inventory.RestockAsync(request, await authorization.ActorAsync(), $"studio:{idempotencyKey}", cancellationToken);
    }
}
