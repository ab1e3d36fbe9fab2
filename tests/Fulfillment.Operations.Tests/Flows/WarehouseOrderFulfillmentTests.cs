using Fulfillment.Operations.Model;
using Fulfillment.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Fulfillment.Operations.Tests.Flows;

/// <summary>
/// <c>workflows/warehouse-order-fulfillment.json</c> (seed 000, 18 steps, three approvals) end to end on
/// virtual time, with the customer's e-mails checked.
/// </summary>
public sealed class WarehouseOrderFulfillmentTests : IAsyncLifetime
{
    private const string Workflow = "warehouse-order-fulfillment";
    private FlowHost _flows = null!;

    public async Task InitializeAsync()
    {
        _flows = await FlowHost.CreateAsync();
        await _flows.PublishWorkflowFileAsync(Workflow);
    }

    public async Task DisposeAsync() => await _flows.DisposeAsync();

    [Fact]
    public async Task An_order_is_checked_picked_packed_labelled_shipped_delivered_and_signed_off()
    {
        var (order, id) = await _flows.StartOrderAsync(Workflow, "W-1001", "standard", null, ("EL-1001", 1));
        var onShelf = await OnHandAsync("EL-1001");

        await _flows.CompleteAsync("Warehouse Staff", id, "check", """{ "category": "Electronics", "shelf": "Check Shelf A", "inStock": true }""");
        var approval = await _flows.TaskAsync("Warehouse Manager", id, "approve-availability");
        approval.Submitted!.ShouldHaveSingleItem().Data!["shelf"]!.GetValue<string>().ShouldBe("Check Shelf A");
        await _flows.ApproveAsync("Warehouse Manager", id, "approve-availability");
        await ShipAsync(id, "Express");

        (await _flows.OrderAsync(order.Id)).Status.ShouldBe(OrderStatus.Shipped);
        (await OnHandAsync("EL-1001")).ShouldBe(onShelf - 1);
        var shipment = await _flows.ReadAsync(db => db.Shipments.SingleAsync(s => s.OrderId == order.Id && s.Status != ShipmentStatus.Cancelled));
        shipment.Service.ShouldBe("express", "the ready-for-shipment step chose Express for a standard order: the label was made again");

        await _flows.AdvanceAsync(TimeSpan.FromDays(2));
        (await _flows.OrderAsync(order.Id)).Status.ShouldBe(OrderStatus.Delivered);
        await _flows.CompleteAsync("Customer Service", id, "returns", """{ "request": "No return requested" }""");
        await _flows.ApproveAsync("Customer Service Manager", id, "approve-returns");

        await _flows.AdvanceAsync(TimeSpan.FromDays(3));
        await _flows.CompleteAsync("Customer Service", id, "after-sale", """{ "serviceGiven": "None needed" }""");
        await _flows.ApproveAsync("Senior Sales Manager", id, "approve-close");

        (await _flows.Host.GetDetailsAsync(id)).Status.ShouldBe(WorkflowStatus.Completed);
        (await _flows.OrderAsync(order.Id)).Status.ShouldBe(OrderStatus.Completed);
        (await _flows.CustomerTemplatesAsync()).ShouldBe(["order-confirmation", "order-shipped", "order-in-transit", "order-delivered", "feedback-request", "order-completed"]);
        var documents = await _flows.ReadAsync(db => db.Documents.Where(d => d.OrderId == order.Id).Select(d => d.Kind).Distinct().ToListAsync());
        documents.ShouldBe([DocumentKind.Invoice, DocumentKind.LabelPdf, DocumentKind.LabelZpl, DocumentKind.PackingSlip, DocumentKind.ReturnInstructions], ignoreOrder: true);
    }

    [Fact]
    public async Task A_rejected_availability_check_is_redone_and_a_returned_order_is_restocked_refunded_and_stays_returned()
    {
        var (order, id) = await _flows.StartOrderAsync(Workflow, "W-1002", "express", null, ("CL-2002", 2));
        await _flows.CompleteAsync("Warehouse Staff", id, "check", """{ "category": "Electronics", "shelf": "Check Shelf A" }""");
        await _flows.CompleteAsync("Warehouse Manager", id, "approve-availability", outcome: "Rejected", comment: "Jackets are clothing, on shelf B");
        await _flows.CompleteAsync("Warehouse Staff", id, "check", """{ "category": "Clothing", "shelf": "Check Shelf B", "inStock": true }""");
        await _flows.ApproveAsync("Warehouse Manager", id, "approve-availability");
        await ShipAsync(id, "Express");
        await _flows.AdvanceAsync(TimeSpan.FromDays(2));
        var onShelf = await OnHandAsync("CL-2002");

        await _flows.CompleteAsync("Customer Service", id, "returns", """{ "request": "Return and refund", "reason": "NoLongerNeeded" }""");
        await _flows.ApproveAsync("Customer Service Manager", id, "approve-returns");
        (await _flows.OrderAsync(order.Id)).Status.ShouldBe(OrderStatus.Returned);
        (await OnHandAsync("CL-2002")).ShouldBe(onShelf + 2, "unwanted goods go back on the shelf");
        await _flows.CompleteAsync("Customer Service", id, "refund-record", """{ "refund": "Processed" }""");

        await _flows.AdvanceAsync(TimeSpan.FromDays(3));
        await _flows.CompleteAsync("Customer Service", id, "after-sale", """{ "serviceGiven": "Advice given" }""");
        await _flows.ApproveAsync("Senior Sales Manager", id, "approve-close");

        (await _flows.Host.GetDetailsAsync(id)).Status.ShouldBe(WorkflowStatus.Completed, await _flows.DescribeAsync(id));
        var returned = await _flows.OrderAsync(order.Id);
        (returned.Status, returned.PaymentStatus).ShouldBe((OrderStatus.Returned, PaymentStatus.Refunded));
        var mails = await _flows.CustomerMailsAsync();
        mails.Select(m => m.Template).ShouldBe(["order-confirmation", "order-shipped", "order-in-transit", "order-delivered", "refund-processed", "feedback-request"]);
        mails[4].Subject.ShouldEndWith("for order W-1002 processed");
    }

    [Fact]
    public async Task Out_of_stock_for_two_weeks_cancels_the_order_and_tells_the_customer()
    {
        var (order, id) = await _flows.StartOrderAsync(Workflow, "W-1003", "standard", null, ("HD-3003", 1));
        (await _flows.OrderAsync(order.Id)).Status.ShouldBe(OrderStatus.Pending);

        await _flows.AdvanceAsync(TimeSpan.FromDays(15));

        (await _flows.Host.GetDetailsAsync(id)).Status.ShouldBe(WorkflowStatus.Completed);
        (await _flows.OrderAsync(order.Id)).Status.ShouldBe(OrderStatus.Cancelled);
        var mails = await _flows.CustomerMailsAsync();
        mails.Select(m => m.Template).ShouldBe(["order-confirmation", "order-pending", "order-cancelled"]);
        mails[2].Text.ShouldContain("the items did not come back into stock within two weeks");
    }

    /// <summary>Pick, pack, label, ready, hand over: the warehouse's part after the availability approval.</summary>
    private async Task ShipAsync(string id, string shippingType)
    {
        await _flows.CompleteAsync("Warehouse Staff", id, "pick", """{ "shelf": "Retrieve from Shelf A" }""");
        await _flows.CompleteAsync("Warehouse Staff", id, "package", """{ "materials": ["Bubble wrap", "Box"] }""");
        await _flows.CompleteAsync("Warehouse Staff", id, "print-label", """{ "printed": true }""");
        await _flows.CompleteAsync("Warehouse Staff", id, "affix-label", """{ "affixed": true }""");
        await _flows.CompleteAsync("Warehouse Staff", id, "ready-check", $$"""{ "shippingType": "{{shippingType}}" }""");
        await _flows.CompleteAsync("Warehouse Staff", id, "transmit", """{ "handedOver": true }""");
    }

    private Task<int> OnHandAsync(string sku) => _flows.ReadAsync(db => db.StockItems.Where(s => s.Sku == sku).SumAsync(s => s.OnHand));
}
