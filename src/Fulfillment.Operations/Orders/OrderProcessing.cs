using System.Text.Json.Nodes;
using Fulfillment.Operations.Inventory;
using Fulfillment.Operations.Model;
using Fulfillment.Operations.Storage;
using Fulfillment.Workflows.Definitions;
using Fulfillment.Workflows.EntityFrameworkCore;
using Fulfillment.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace Fulfillment.Operations.Orders;

/// <summary>What <c>POST /api/orders</c> answers: the order and the workflow instance fulfilling it.</summary>
public sealed record PlacedOrder(int Id, string OrderNumber, string? InstanceId, bool Created);

/// <summary>
/// An order's life as a whole: placing it starts the order workflow (once per order, whatever the
/// number of retries or racing requests), cancelling stops the workflow and frees the stock.
/// </summary>
public sealed class OrderProcessing(
    OrderService orders,
    InventoryService inventory,
    WorkflowRuntime runtime,
    WorkflowDefinitionService definitions,
    WorkflowInstanceQueries instances,
    IDbContextFactory<OperationsDbContext> contexts,
    IOptions<OperationsOptions> options)
{
    // Requests for the same order number queue here, so a duplicate waits for the first one's start
    // and answers with its instance. Striped (a fixed set of locks, chosen by hash) so that nothing
    // needs cleaning up; two different orders rarely share a stripe, and then merely wait their turn.
    // Across nodes (PostgreSQL) an advisory lock on the order number does the same; see StartGuardAsync.
    private readonly SemaphoreSlim[] _stripes = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    private string WorkflowId => options.Value.OrderWorkflowId;

    /// <summary>
    /// Stores the order (or finds it by its number) and makes sure its workflow runs, with the
    /// order's id and number as input and the order number as correlation id.
    /// </summary>
    /// <exception cref="OrderWorkflowUnavailableException">The order workflow is not published: nothing is stored.</exception>
    /// <exception cref="OperationsValidationException">The request is invalid.</exception>
    public async Task<PlacedOrder> PlaceAsync(PlaceOrderRequest request, string actor, CancellationToken cancellationToken)
    {
        await EnsureWorkflowPublishedAsync(cancellationToken);
        var placement = await orders.PlaceAsync(request, actor, cancellationToken);
        var instanceId = await EnsureStartedAsync(placement.Order, actor, cancellationToken);
        return new PlacedOrder(placement.Order.Id, placement.Order.OrderNumber, instanceId, placement.Created);
    }

    /// <summary>
    /// Cancels the order: status Cancelled first (refused once it has shipped), then its workflow
    /// instance, then its stock is released. Repeating it finishes what an interrupted cancel left.
    /// </summary>
    public async Task<Order> CancelAsync(int orderId, string actor, string? reason, CancellationToken cancellationToken)
    {
        var order = await orders.FindAsync(orderId, cancellationToken) ?? throw OrderNotFoundException.ForId(orderId);

        // The status goes first: from then on the workflow cannot move the order on (its status updates
        // and reservations check for Cancelled), so stopping it and releasing cannot race with it.
        await orders.ChangeStatusAsync(orderId, OrderStatus.Cancelled, actor, reason ?? "Cancelled", cancellationToken);
        if (order.InstanceId is { } instanceId)
        {
            try
            {
                await runtime.CancelAsync(instanceId, actor, cancellationToken);
            }
            catch (InvalidInstanceStateException)
            {
                // Already completed or cancelled: nothing left to stop.
            }
        }

        await inventory.ReleaseAsync(orderId, cancellationToken);
        return await orders.FindAsync(orderId, cancellationToken) ?? throw OrderNotFoundException.ForId(orderId);
    }

    /// <summary>
    /// Records the payment provider's news about the order, then sends the event
    /// <c>payment:&lt;order number&gt;</c> with <c>{status}</c>: a workflow waiting for the payment moves
    /// on, one not waiting yet gets it queued.
    /// </summary>
    public async Task RecordPaymentAsync(int orderId, PaymentStatus status, string actor, CancellationToken cancellationToken)
    {
        await orders.SetPaymentStatusAsync(orderId, status, cancellationToken);
        var order = await orders.FindAsync(orderId, cancellationToken) ?? throw OrderNotFoundException.ForId(orderId);
        await runtime.DeliverEventAsync($"payment:{order.OrderNumber}", new JsonObject { ["status"] = status.ToString() }, actor, cancellationToken);
    }

    /// <summary>
    /// Starts the workflow of every order that was stored but whose start never happened (the process
    /// stopped in between). Run at start-up; does nothing while the order workflow is not published.
    /// </summary>
    /// <returns>How many orders were started.</returns>
    public async Task<int> StartUnstartedAsync(string actor, CancellationToken cancellationToken)
    {
        var unstarted = await orders.FindUnstartedAsync(cancellationToken);
        if (unstarted.Count == 0 || !await IsWorkflowPublishedAsync(cancellationToken))
        {
            return 0;
        }

        foreach (var order in unstarted)
        {
            await EnsureStartedAsync(order, actor, cancellationToken);
        }

        return unstarted.Count;
    }

    private async Task<string> EnsureStartedAsync(Order order, string actor, CancellationToken cancellationToken)
    {
        if (order.InstanceId is { } known)
        {
            return known;
        }

        var stripe = _stripes[(uint)StringComparer.Ordinal.GetHashCode(order.OrderNumber) % (uint)_stripes.Length];
        await stripe.WaitAsync(cancellationToken);
        try
        {
            await using var guard = await StartGuardAsync(order.OrderNumber, cancellationToken);
            var current = await orders.FindAsync(order.Id, cancellationToken) ?? throw OrderNotFoundException.ForId(order.Id);
            if (current.InstanceId is { } linked)
            {
                return linked;
            }

            // An instance that started but was never linked (the process stopped in between) is found by its correlation id.
            var started = await instances.ListAsync(new InstanceFilter(WorkflowId, CorrelationId: current.OrderNumber, Take: 1), cancellationToken);
            var instanceId = started.Count > 0
                ? started[0].Id
                : (await runtime.StartAsync(WorkflowId, WorkflowInput(current), current.OrderNumber, actor, cancellationToken)).Id;
            await orders.SetInstanceAsync(order.Id, instanceId, cancellationToken);
            return instanceId;
        }
        finally
        {
            stripe.Release();
        }
    }

    /// <summary>
    /// On PostgreSQL, where several nodes may get the same order number at once: a transaction that holds
    /// an advisory lock on the order number until it is disposed, so the other node's start waits, then
    /// finds the instance linked. Nothing on SQLite, whose one process the stripes already cover (and
    /// whose open write transaction would block the workflow's own commit).
    /// </summary>
    private async Task<IAsyncDisposable> StartGuardAsync(string orderNumber, CancellationToken cancellationToken)
    {
        var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!db.Database.IsNpgsql())
        {
            return db;
        }

        try
        {
            var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Database.LockKeysAsync([$"order-start:{orderNumber}"], cancellationToken);
            return new StartGuard(db, transaction);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    /// <summary>Ends the lock's transaction (it wrote nothing), then the context.</summary>
    private sealed class StartGuard(OperationsDbContext db, IDbContextTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await db.DisposeAsync();
        }
    }

    /// <summary>The order workflow's input: its variables of the same names take these values.</summary>
    private static JsonObject WorkflowInput(Order order) => new()
    {
        ["orderId"] = order.Id,
        ["orderNumber"] = order.OrderNumber,
        ["customerName"] = order.Customer.Name,
        ["customerEmail"] = order.Customer.Email,
        ["shippingMethod"] = order.ShippingMethod.ToString(),
        ["total"] = order.Total,
        ["currency"] = order.Currency,
    };

    private async Task EnsureWorkflowPublishedAsync(CancellationToken cancellationToken)
    {
        if (!await IsWorkflowPublishedAsync(cancellationToken))
        {
            throw new OrderWorkflowUnavailableException(WorkflowId);
        }
    }

    private async Task<bool> IsWorkflowPublishedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await definitions.GetPublishedAsync(WorkflowId, version: null, cancellationToken);
            return true;
        }
        catch (WorkflowNotFoundException)
        {
            return false;
        }
    }
}
