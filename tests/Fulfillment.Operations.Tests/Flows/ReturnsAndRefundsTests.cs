using System.Text.Json.Nodes;
using Fulfillment.Operations.Model;
using Fulfillment.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Fulfillment.Operations.Tests.Flows;

/// <summary>
/// <c>workflows/returns-and-refunds.json</c> end to end on virtual time, for orders delivered by the
/// seed-001 workflow: the Customer Service Manager's approval, the inspection outcomes, the refund
/// states and the exchange's new shipment, with the customer's e-mails checked.
/// </summary>
public sealed class ReturnsAndRefundsTests : IAsyncLifetime
{
    private const string Workflow = "returns-and-refunds";
    private FlowHost _flows = null!;
    private int _mailsBefore;

    public async Task InitializeAsync()
    {
        _flows = await FlowHost.CreateAsync();
        await _flows.PublishWorkflowFileAsync(Seed001.Workflow);
        await _flows.PublishWorkflowFileAsync(Workflow);
    }

    public async Task DisposeAsync() => await _flows.DisposeAsync();

    [Fact]
    public async Task An_approved_return_is_received_inspected_restocked_and_refunded()
    {
        var order = await Seed001.DeliveredOrderAsync(_flows, "R-1001", ("EL-1001", 1), ("HD-3002", 2));
        var onShelf = await OnHandAsync("EL-1001");
        var id = await StartReturnAsync(order, "Damaged", exchange: false, ("EL-1001", 1));

        await _flows.CompleteAsync("Customer Service", id, "review", """{ "resolution": "Refund", "withinPolicy": true }""");
        var approval = await _flows.TaskAsync("Customer Service Manager", id, "approve");
        approval.Submitted!.ShouldHaveSingleItem().Data!["resolution"]!.GetValue<string>().ShouldBe("Refund");
        await _flows.ApproveAsync("Customer Service Manager", id, "approve");

        var instructions = (await NewMailsAsync()).ShouldHaveSingleItem();
        instructions.Template.ShouldBe("return-instructions");
        instructions.Subject.ShouldStartWith("Return instructions for order R-1001 (reference RMA-");
        (await DocumentsAsync(order.Id)).ShouldContain(DocumentKind.ReturnInstructions);

        await _flows.CompleteAsync("Warehouse Staff", id, "receive", """{ "complete": true }""");
        (await _flows.OrderAsync(order.Id)).Status.ShouldBe(OrderStatus.Returned);
        await _flows.CompleteAsync("Warehouse Staff", id, "inspect-task", """{ "outcome": "Restock" }""");
        (await OnHandAsync("EL-1001")).ShouldBe(onShelf + 1, "the returned headphones are back on the shelf");

        await _flows.CompleteAsync("Customer Service Manager", id, "refund-record", """{ "refund": "Processed" }""");

        (await _flows.Host.GetDetailsAsync(id)).Status.ShouldBe(WorkflowStatus.Completed);
        var request = await ReturnAsync(order.Id);
        (request.Status, request.InspectionOutcome, request.RefundStatus).ShouldBe((ReturnStatus.Closed, InspectionOutcome.Restock, RefundStatus.Processed));
        request.RefundAmount.ShouldNotBeNull().ShouldBeGreaterThan(0m);
        var refund = (await NewMailsAsync(skip: 1)).ShouldHaveSingleItem();
        refund.Template.ShouldBe("refund-processed");
        refund.Subject.ShouldStartWith("Refund of ");
        refund.Subject.ShouldEndWith(" for order R-1001 processed");
    }

    [Fact]
    public async Task An_exchange_that_fails_quality_control_is_disposed_of_and_a_new_parcel_is_delivered()
    {
        var order = await Seed001.DeliveredOrderAsync(_flows, "R-1002", ("CL-2001", 2));
        var onShelf = await OnHandAsync("CL-2001");
        var id = await StartReturnAsync(order, "WrongItem", exchange: true, ("CL-2001", 1));

        await _flows.CompleteAsync("Customer Service", id, "review", """{ "resolution": "Exchange", "withinPolicy": true }""");
        await _flows.ApproveAsync("Customer Service Manager", id, "approve");
        await _flows.CompleteAsync("Warehouse Staff", id, "receive", """{ "complete": true }""");
        await _flows.CompleteAsync("Warehouse Staff", id, "inspect-task", """{ "outcome": "QualityControl", "notes": "seam open" }""");
        await _flows.CompleteAsync("Warehouse Manager", id, "quality", """{ "passed": false }""");
        await _flows.CompleteAsync("Warehouse Staff", id, "dispose", """{ "method": "Recycle" }""");

        (await OnHandAsync("CL-2001")).ShouldBe(onShelf, "a disposed shirt does not go back on the shelf");
        var shipments = await _flows.ReadAsync(db => db.Shipments.Where(s => s.OrderId == order.Id).OrderBy(s => s.Id).ToListAsync());
        shipments.Count.ShouldBe(2, "the exchange is a new parcel with its own tracking number");
        var replacement = shipments[1];
        (await ReturnAsync(order.Id)).ExchangeShipmentId.ShouldBe(replacement.Id);
        var shipped = (await NewMailsAsync()).Select(m => m.Template).ToList();
        shipped.ShouldBe(["return-instructions", "order-shipped"]);
        (await NewMailsAsync())[1].Text.ShouldContain(replacement.TrackingNumber!);

        await _flows.AdvanceAsync(TimeSpan.FromDays(2));

        (await _flows.Host.GetDetailsAsync(id)).Status.ShouldBe(WorkflowStatus.Completed, await _flows.DescribeAsync(id));
        (await NewMailsAsync()).Select(m => m.Template).ShouldBe(["return-instructions", "order-shipped", "order-in-transit"]);
        var request = await ReturnAsync(order.Id);
        (request.Status, request.InspectionOutcome, request.RefundStatus).ShouldBe((ReturnStatus.Closed, InspectionOutcome.QualityControl, (RefundStatus?)null));
        (await _flows.ReadAsync(db => db.Shipments.SingleAsync(s => s.Id == replacement.Id))).Status.ShouldBe(ShipmentStatus.Delivered);
        (await _flows.OrderAsync(order.Id)).Status.ShouldBe(OrderStatus.Returned, "the replacement parcel does not move the returned order");
    }

    [Fact]
    public async Task A_rejected_return_declines_the_refund_and_tells_the_customer_why()
    {
        var order = await Seed001.DeliveredOrderAsync(_flows, "R-1003", ("HD-3001", 1));
        var id = await StartReturnAsync(order, "NoLongerNeeded", exchange: false);

        await _flows.CompleteAsync("Customer Service", id, "review", """{ "resolution": "Refund", "withinPolicy": false }""");
        await _flows.CompleteAsync("Customer Service Manager", id, "approve", outcome: "Rejected", comment: "Bought 40 days ago");

        (await _flows.Host.GetDetailsAsync(id)).Status.ShouldBe(WorkflowStatus.Completed);
        var declined = (await NewMailsAsync()).ShouldHaveSingleItem();
        declined.Template.ShouldBe("refund-processed");
        declined.Subject.ShouldBe("About your refund for order R-1003");
        declined.Text.ShouldContain("we cannot refund order R-1003: the return does not meet our return policy");
        var request = await ReturnAsync(order.Id);
        (request.Status, request.RefundStatus, request.RefundAmount).ShouldBe((ReturnStatus.Closed, RefundStatus.Declined, 0m));
        (await _flows.OrderAsync(order.Id)).Status.ShouldBe(OrderStatus.Completed, "nothing came back");
    }

    [Fact]
    public async Task A_pending_refund_is_processed_two_days_later_and_the_customer_hears_once()
    {
        var order = await Seed001.DeliveredOrderAsync(_flows, "R-1004", ("EL-1002", 1));
        var id = await StartReturnAsync(order, "Defective", exchange: false);
        await _flows.CompleteAsync("Customer Service", id, "review", """{ "resolution": "Refund", "withinPolicy": true }""");
        await _flows.ApproveAsync("Customer Service Manager", id, "approve");
        await _flows.CompleteAsync("Warehouse Staff", id, "receive", """{ "complete": true }""");
        await _flows.CompleteAsync("Warehouse Staff", id, "inspect-task", """{ "outcome": "Dispose" }""");
        await _flows.CompleteAsync("Warehouse Staff", id, "dispose", """{ "method": "Return to supplier" }""");

        await _flows.CompleteAsync("Customer Service Manager", id, "refund-record", """{ "refund": "Pending", "reason": "card issuer slow" }""");
        (await ReturnAsync(order.Id)).RefundStatus.ShouldBe(RefundStatus.Pending);
        (await _flows.Host.GetDetailsAsync(id)).Status.ShouldBe(WorkflowStatus.Suspended);

        await _flows.AdvanceAsync(TimeSpan.FromDays(2));

        (await _flows.Host.GetDetailsAsync(id)).Status.ShouldBe(WorkflowStatus.Completed);
        (await ReturnAsync(order.Id)).RefundStatus.ShouldBe(RefundStatus.Processed);
        (await _flows.OrderAsync(order.Id)).PaymentStatus.ShouldBe(PaymentStatus.Refunded, "the whole order came back and was paid back");
        (await NewMailsAsync()).Select(m => m.Template).ShouldBe(["return-instructions", "refund-processed"]);
    }

    [Fact]
    public async Task A_return_for_an_order_that_has_not_shipped_ends_without_a_return()
    {
        var (order, _) = await _flows.StartOrderAsync(Seed001.Workflow, "R-1005", "standard", null, ("EL-1002", 1));

        var id = await StartReturnAsync(order, "Other", exchange: false);

        var details = await _flows.Host.GetDetailsAsync(id);
        details.Status.ShouldBe(WorkflowStatus.Completed);
        details.Output!["returned"]!.GetValue<bool>().ShouldBeFalse();
        (await _flows.ReadAsync(db => db.Returns.CountAsync(r => r.OrderId == order.Id))).ShouldBe(0);
    }

    /// <summary>Starts the returns workflow with the input <c>POST /api/orders/{id}/returns</c> gives it.</summary>
    private async Task<string> StartReturnAsync(Order order, string reason, bool exchange, params (string Sku, int Quantity)[] items)
    {
        _mailsBefore = (await _flows.CustomerMailsAsync()).Count;
        var instance = await _flows.Host.StartAsync(Workflow, new JsonObject
        {
            ["orderId"] = order.Id,
            ["orderNumber"] = order.OrderNumber,
            ["reason"] = reason,
            ["items"] = new JsonArray([.. items.Select(i => (JsonNode)new JsonObject { ["sku"] = i.Sku, ["quantity"] = i.Quantity })]),
            ["exchange"] = exchange,
            ["comment"] = "Sorry",
        }, $"return:{order.OrderNumber}");
        return instance.Id;
    }

    /// <summary>The customer's e-mails since the return started (the feedback request of the order may join them; it is left out).</summary>
    private async Task<IReadOnlyList<SentMail>> NewMailsAsync(int skip = 0) =>
        [.. (await _flows.CustomerMailsAsync()).Skip(_mailsBefore).Where(m => m.Template != "feedback-request").Skip(skip)];

    private Task<int> OnHandAsync(string sku) => _flows.ReadAsync(db => db.StockItems.Where(s => s.Sku == sku).SumAsync(s => s.OnHand));

    private Task<ReturnRequest> ReturnAsync(int orderId) => _flows.ReadAsync(db => db.Returns.AsNoTracking().SingleAsync(r => r.OrderId == orderId));

    private Task<List<DocumentKind>> DocumentsAsync(int orderId) => _flows.ReadAsync(db => db.Documents.Where(d => d.OrderId == orderId).Select(d => d.Kind).ToListAsync());
}
