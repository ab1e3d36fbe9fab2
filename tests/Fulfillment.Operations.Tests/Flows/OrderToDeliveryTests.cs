using Fulfillment.Operations.Model;
using Fulfillment.Workflows.Runtime;

namespace Fulfillment.Operations.Tests.Flows;

/// <summary>
/// <c>workflows/order-to-delivery.json</c> (seed 001) end to end on virtual time: each person completes
/// their task, the simulated carrier's tracking advances with the clock, the customer's e-mails are checked.
/// </summary>
public sealed class OrderToDeliveryTests : IAsyncLifetime
{
    private const string Workflow = "order-to-delivery";
    private FlowHost _flows = null!;

    public async Task InitializeAsync()
    {
        _flows = await FlowHost.CreateAsync();
        await _flows.PublishWorkflowFileAsync(Workflow);
    }

    public async Task DisposeAsync() => await _flows.DisposeAsync();

    [Fact]
    public async Task An_order_goes_from_receipt_to_delivery_completion_and_a_feedback_request()
    {
        var (order, id) = await _flows.StartOrderAsync(Workflow, "A-1001", "express", ["Gift wrapping: blue paper"], ("EL-1001", 1), ("HD-3002", 2));
        (await _flows.CustomerTemplatesAsync()).ShouldBe(["order-confirmation"]);

        await ShipAsync(id);
        var shipped = await _flows.OrderAsync(order.Id);
        shipped.Status.ShouldBe(OrderStatus.Shipped);
        (await _flows.CustomerTemplatesAsync()).ShouldBe(["order-confirmation", "order-shipped"]);

        await TrackAsync(id);
        await _flows.AdvanceAsync(TimeSpan.FromDays(2));

        (await _flows.OrderAsync(order.Id)).Status.ShouldBe(OrderStatus.Completed);
        (await _flows.Host.GetDetailsAsync(id)).Status.ShouldBe(WorkflowStatus.Suspended, "the feedback request waits three days");
        await _flows.AdvanceAsync(TimeSpan.FromDays(3));

        (await _flows.Host.GetDetailsAsync(id)).Status.ShouldBe(WorkflowStatus.Completed);
        var mails = await _flows.CustomerMailsAsync();
        mails.Select(m => m.Template).ShouldBe(["order-confirmation", "order-shipped", "order-in-transit", "order-delivered", "order-completed", "feedback-request"]);
        mails.ShouldAllBe(m => m.Status == "Dispatched");
        _flows.DeliveredFiles.ShouldBeGreaterThanOrEqualTo(mails.Count);

        var confirmation = mails[0];
        confirmation.Subject.ShouldStartWith("Order A-1001 confirmed: expected delivery ");
        confirmation.Text.ShouldContain("1 x Wireless Headphones (EL-1001)");
        confirmation.Text.ShouldContain("1 Analytical St");
        confirmation.Text.ShouldContain("Express shipping, expected delivery Wednesday, January 7, 2026.");
        confirmation.Text.ShouldContain("Gift wrapping: blue paper");
        confirmation.Text.ShouldContain("You may return items within 30 days of delivery.");

        var shipment = await _flows.ReadAsync(db => Task.FromResult(db.Shipments.Single(s => s.OrderId == order.Id)));
        mails[1].Subject.ShouldBe($"Order A-1001 has shipped: tracking {shipment.TrackingNumber}");
        mails[1].Text.ShouldContain($"http://shop.test/track/{shipment.TrackingNumber}");
        mails[5].Text.ShouldContain($"http://shop.test/feedback/order-{order.Id}?score=5");
        shipment.Status.ShouldBe(ShipmentStatus.Delivered);

        var stock = await _flows.ReadAsync(db => Task.FromResult(db.StockItems.Where(s => s.Sku == "EL-1001").Sum(s => s.OnHand)));
        stock.ShouldBe(34, "35 in the demo stock, one shipped");
        var documents = await _flows.ReadAsync(db => Task.FromResult(db.Documents.Where(d => d.OrderId == order.Id).Select(d => d.Kind).ToList()));
        documents.ShouldBe([DocumentKind.Invoice, DocumentKind.LabelPdf, DocumentKind.LabelZpl, DocumentKind.PackingSlip, DocumentKind.ReturnInstructions], ignoreOrder: true);
        var history = await _flows.ReadAsync(db => Task.FromResult(db.StatusChanges.Where(c => c.OrderId == order.Id).OrderBy(c => c.Id).Select(c => c.To).ToList()));
        history.ShouldBe([OrderStatus.Received, OrderStatus.Verified, OrderStatus.Allocated, OrderStatus.Packed, OrderStatus.ReadyForShipment,
            OrderStatus.Shipped, OrderStatus.InTransit, OrderStatus.Delivered, OrderStatus.Completed]);
    }

    /// <summary>Everything up to the hand-over to the carrier, by the people of the seed's roles.</summary>
    private async Task ShipAsync(string id, string service = "Express Shipping")
    {
        await _flows.CompleteAsync("Warehouse Staff", id, "verify", """{ "inStock": true, "shelves": ["Shelf A", "Shelf C"] }""");
        await _flows.ApproveAsync("Order Verification", id, "approve-verification");
        await _flows.CompleteAsync("Warehouse Staff", id, "pack", """{ "materials": ["Bubble wrap", "Cardboard box"], "specialRequirements": ["Gift wrapping"] }""");
        await _flows.CompleteAsync("Warehouse Staff", id, "transport", $$"""{ "shippingService": "{{service}}" }""");
        await _flows.ApproveAsync("Shipment Details", id, "approve-shipment");
        await _flows.CompleteAsync("Warehouse Staff", id, "ship", """{ "handedOver": true, "documents": ["Shipping label", "Invoice"] }""");
    }

    private async Task TrackAsync(string id)
    {
        await _flows.CompleteAsync("Customer Service", id, "track", """{ "channels": ["Email Notifications"] }""");
        await _flows.ApproveAsync("Tracking Confirmation", id, "approve-tracking");
    }
}
