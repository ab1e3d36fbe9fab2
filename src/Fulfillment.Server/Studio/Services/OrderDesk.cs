using Fulfillment.Operations.Model;
using Fulfillment.Operations.Orders;
using Fulfillment.Server.Operations;

namespace Fulfillment.Server.Studio.Services;

/// <summary>
/// What the Studio's order screens read and do, in-process on the operations services. Changes demand
/// the API's policy (<see cref="OperationsApiServiceCollectionExtensions.OrderDeskPolicy"/>) for the
/// circuit's user: hiding a button is not a permission check.
/// </summary>
internal sealed class OrderDesk(OrderService orders, OrderProcessing processing, StudioAuthorization authorization)
{
    private const string Refusal = "Only Customer Service (or an Admin) may place and cancel orders and record payments.";

    public Task<OrderPage> ListAsync(OrderQuery query, CancellationToken cancellationToken) => orders.ListAsync(query, cancellationToken);

    public Task<OrderDetails?> GetAsync(int orderId, CancellationToken cancellationToken) => orders.GetDetailsAsync(orderId, cancellationToken);

    /// <summary>Whether the signed-in user may place orders, cancel them and record payments.</summary>
    public Task<bool> CanActAsync() => authorization.AllowsAsync(OperationsApiServiceCollectionExtensions.OrderDeskPolicy);

    /// <summary>
    /// Places an order and starts its workflow, as <c>POST /api/orders</c> does; the order number makes a
    /// repeated call (a double click, a reconnecting circuit) answer the first order.
    /// </summary>
    /// <exception cref="Fulfillment.Operations.OperationsValidationException">The request's problems, each with its JSON path.</exception>
    public async Task<PlacedOrder> PlaceAsync(PlaceOrderRequest request, CancellationToken cancellationToken)
    {
        await authorization.DemandAsync(OperationsApiServiceCollectionExtensions.OrderDeskPolicy, Refusal);
        return await processing.PlaceAsync(request, await authorization.ActorAsync(), cancellationToken);
    }

    /// <inheritdoc cref="OrderProcessing.CancelAsync"/>
    public async Task CancelAsync(int orderId, string? reason, CancellationToken cancellationToken)
    {
        await authorization.DemandAsync(OperationsApiServiceCollectionExtensions.OrderDeskPolicy, Refusal);
        await processing.CancelAsync(orderId, await authorization.ActorAsync(), reason, cancellationToken);
    }

    /// <inheritdoc cref="OrderProcessing.RecordPaymentAsync"/>
    public async Task RecordPaymentAsync(int orderId, PaymentStatus status, CancellationToken cancellationToken)
    {
        await authorization.DemandAsync(OperationsApiServiceCollectionExtensions.OrderDeskPolicy, Refusal);
        await processing.RecordPaymentAsync(orderId, status, await authorization.ActorAsync(), cancellationToken);
    }
}
