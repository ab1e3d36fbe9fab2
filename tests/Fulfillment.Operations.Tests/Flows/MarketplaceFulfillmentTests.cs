using Fulfillment.Operations.Inventory;
using Fulfillment.Operations.Model;
using Fulfillment.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Fulfillment.Operations.Tests.Flows;

/// <summary>
/// <c>workflows/marketplace-fulfillment-management.json</c> (seed 002, the numbered policy points)
/// end to end on virtual time, with the customer's e-mails checked.
/// </summary>
public sealed class MarketplaceFulfillmentTests : IAsyncLifetime
{
    private const string Workflow = "marketplace-fulfillment-management";
    private FlowHost _flows = null!;

    public async Task InitializeAsync()
    {
        _flows = await FlowHost.CreateAsync();
        await _flows.PublishWorkflowFileAsync(Workflow);
    }

    public async Task DisposeAsync() => await _flows.DisposeAsync();

    [Fact]
    public async Task An_order_is_checked_packed_shipped_by_the_chosen_method_delivered_and_followed_up()
    {
        var (order, id) = await _flows.StartOrderAsync(Workflow, "M-1001", "standard", ["Gift wrapping: gold"], ("HD-3002", 1));

        await _flows.CompleteAsync("Order Verification", id, "accuracy", """{ "productsCorrect": true, "quantitiesCorrect": true, "customerCorrect": true }""");
        await _flows.CompleteAsync("Warehouse Staff", id, "packing", """{ "materials": ["Bubble wrap", "Boxes"], "specifications": ["Gift wrapping"], "fragileProtected": true }""");
        await _flows.CompleteAsync("Warehouse Manager", id, "method", """{ "method": "Expedited" }""");
        await _flows.CompleteAsync("Warehouse Staff", id, "handover", """{ "handedOver": true }""");

        var shipments = await _flows.ReadAsync(db => db.Shipments.Where(s => s.OrderId == order.Id).Select(s => new { s.Service, s.Status }).ToListAsync());
        shipments.ShouldHaveSingleItem().Service.ShouldBe("express", "Expedited is the express service, booked once for label and pickup");
        (await _flows.OrderAsync(order.Id)).Status.ShouldBe(OrderStatus.Shipped);

        await _flows.AdvanceAsync(TimeSpan.FromDays(2));
        (await _flows.OrderAsync(order.Id)).Status.ShouldBe(OrderStatus.Completed);
        await _flows.AdvanceAsync(TimeSpan.FromDays(3));

        (await _flows.Host.GetDetailsAsync(id)).Status.ShouldBe(WorkflowStatus.Completed);
        var mails = await _flows.CustomerMailsAsync();
        mails.Select(m => m.Template).ShouldBe(["order-confirmation", "order-shipped", "order-in-transit", "order-delivered", "order-completed", "feedback-request"]);
        mails[4].Text.ShouldContain("take 10% off your next order with the code THANKYOU10");
        var documents = await _flows.ReadAsync(db => db.Documents.Where(d => d.OrderId == order.Id).Select(d => d.Kind).ToListAsync());
        documents.ShouldContain(DocumentKind.Invoice);
        documents.ShouldContain(DocumentKind.PackingSlip);
    }

    [Fact]
    public async Task A_damaged_parcel_is_refunded_in_full_and_the_order_closed()
    {
        var (order, id) = await _flows.StartOrderAsync(Workflow, "M-1002", "standard", ["Carrier scenario: Damaged"], ("EL-1002", 1));
        await _flows.CompleteAsync("Order Verification", id, "accuracy", """{ "productsCorrect": true, "quantitiesCorrect": true, "customerCorrect": true }""");
        await _flows.CompleteAsync("Warehouse Staff", id, "packing", """{ "materials": ["Boxes"], "fragileProtected": true }""");
        await _flows.CompleteAsync("Warehouse Manager", id, "method", """{ "method": "Standard" }""");
        await _flows.CompleteAsync("Warehouse Staff", id, "handover", """{ "handedOver": true }""");

        await _flows.AdvanceAsync(TimeSpan.FromDays(4));

        // Reported damaged on delivery; nobody in Customer Service took it within 8 hours, so it went up to the manager.
        var issue = await _flows.TaskAsync("Customer Service Manager", id, "resolve");
        issue.Title.ShouldContain("Damaged");
        await _flows.CompleteAsync("Customer Service Manager", id, "resolve", """{ "resolution": "Refund" }""");

        var closed = await _flows.OrderAsync(order.Id);
        (closed.Status, closed.PaymentStatus).ShouldBe((OrderStatus.Completed, PaymentStatus.Refunded));
        var mails = await _flows.CustomerMailsAsync();
        mails.Select(m => m.Template).ShouldBe(["order-confirmation", "order-shipped", "order-in-transit", "refund-processed"]);
        mails[3].Subject.ShouldBe($"Refund of {Operations.Documents.Money.Format(order.Total, order.Currency)} for order M-1002 processed");
    }

    [Fact]
    public async Task Out_of_stock_asks_the_warehouse_manager_to_replenish_and_goes_on_when_stock_arrives()
    {
        var (order, id) = await _flows.StartOrderAsync(Workflow, "M-1003", "standard", null, ("HD-3003", 2));
        await _flows.CompleteAsync("Order Verification", id, "accuracy", """{ "productsCorrect": true, "quantitiesCorrect": true, "customerCorrect": true }""");

        (await _flows.OrderAsync(order.Id)).Status.ShouldBe(OrderStatus.Pending);
        await _flows.Get<InventoryService>().RestockAsync(new RestockRequest("HD-3003", 5), "purchasing", null, CancellationToken.None);
        await _flows.CompleteAsync("Warehouse Manager", id, "replenish", """{ "reordered": true, "expected": "2026-01-06" }""");
        await _flows.AdvanceAsync(TimeSpan.FromDays(1));

        (await _flows.TaskAsync("Warehouse Staff", id, "packing")).ShouldNotBeNull();
        (await _flows.OrderAsync(order.Id)).Status.ShouldBe(OrderStatus.Allocated);
        (await _flows.CustomerTemplatesAsync()).ShouldBe(["order-confirmation", "order-pending"]);
    }
}
