using Fulfillment.Operations.Inventory;
using Fulfillment.Operations.Model;
using Fulfillment.Operations.Orders;
using Fulfillment.Operations.Shipping;
using Fulfillment.Workflows.Runtime;

namespace Fulfillment.Operations.Tests.Flows;

/// <summary>
/// <c>workflows/order-to-delivery.json</c> (seed 001) end to end on virtual time: each person completes
/// their task, the simulated carrier's tracking advances with the clock, the customer's e-mails are checked.
/// </summary>
public sealed class OrderToDeliveryTests : IAsyncLifetime
{
    private const string Workflow = Seed001.Workflow;
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

    [Fact]
    public async Task Out_of_stock_the_order_waits_pending_tells_the_customer_the_restock_date_and_goes_on_when_stock_arrives()
    {
        var (order, id) = await _flows.StartOrderAsync(Workflow, "A-1002", "standard", null, ("HD-3003", 1));

        (await _flows.OrderAsync(order.Id)).Status.ShouldBe(OrderStatus.Pending);
        var pending = (await _flows.CustomerMailsAsync()).Single(m => m.Template == "order-pending");
        pending.Subject.ShouldBe("Order A-1002: some items are not in stock yet");
        pending.Text.ShouldContain("Framed Wall Art (HD-3003): 1 of 1 missing, back in stock Monday, January 19, 2026");
        pending.Text.ShouldContain("We expect everything back by Monday, January 19, 2026");
        pending.Text.ShouldContain("Ceramic Vase (HD-3001");

        await _flows.AdvanceAsync(TimeSpan.FromDays(1));
        (await _flows.Host.GetDetailsAsync(id)).Bookmarks.ShouldHaveSingleItem().ActivityId.ShouldBe("wait-restock");

        await _flows.Get<InventoryService>().RestockAsync(new RestockRequest("HD-3003", 3), "purchasing", null, CancellationToken.None);
        await _flows.AdvanceAsync(TimeSpan.FromDays(1));

        (await _flows.TaskAsync("Warehouse Staff", id, "verify")).Title.ShouldBe("Verify availability for order A-1002");
        (await _flows.CustomerTemplatesAsync()).ShouldBe(["order-confirmation", "order-pending"], "the customer hears about the shortage once");
    }

    [Fact]
    public async Task A_rejected_verification_sends_the_check_back_and_the_corrected_one_is_approved()
    {
        var (order, id) = await _flows.StartOrderAsync(Workflow, "A-1003", "standard", null, ("CL-2001", 3));
        await _flows.CompleteAsync("Warehouse Staff", id, "verify", """{ "inStock": true }""");

        await _flows.CompleteAsync("Order Verification", id, "approve-verification", outcome: "Rejected", comment: "Check shelf B: T-shirts are on B");

        (await _flows.OrderAsync(order.Id)).Status.ShouldBe(OrderStatus.Received);
        await _flows.CompleteAsync("Warehouse Staff", id, "verify", """{ "inStock": true, "shelves": ["Shelf B"] }""");
        var second = await _flows.TaskAsync("Order Verification", id, "approve-verification");
        second.Submitted!.ShouldHaveSingleItem().Data!["shelves"]!.AsArray().Single()!.GetValue<string>().ShouldBe("Shelf B");
        await _flows.ApproveAsync("Order Verification", id, "approve-verification");

        (await _flows.OrderAsync(order.Id)).Status.ShouldBe(OrderStatus.Allocated);
        (await _flows.TaskAsync("Warehouse Staff", id, "pack")).Description!.ShouldContain("3 × CL-2001 Cotton T-Shirt");
    }

    [Fact]
    public async Task A_rejected_shipment_gets_a_new_label_for_the_chosen_service_and_the_old_booking_is_cancelled()
    {
        var (order, id) = await _flows.StartOrderAsync(Workflow, "A-1004", "express", null, ("EL-1002", 1));
        await _flows.CompleteAsync("Warehouse Staff", id, "verify", """{ "inStock": true }""");
        await _flows.ApproveAsync("Order Verification", id, "approve-verification");
        await _flows.CompleteAsync("Warehouse Staff", id, "pack", """{ "materials": ["Cardboard box"] }""");
        await _flows.CompleteAsync("Warehouse Staff", id, "transport", """{ "shippingService": "Standard Shipping" }""");
        var approval = await _flows.TaskAsync("Shipment Details", id, "approve-shipment");
        approval.Submitted!.Select(s => s.ActivityId).ShouldBe(["label", "ready", "transport"]);
        approval.Submitted![1].Data!["status"]!.GetValue<string>().ShouldBe("ReadyForShipment");
        approval.Submitted![0].Data!["service"]!.GetValue<string>().ShouldBe("express");
        approval.Submitted![0].CompletedBy.ShouldBe("system");

        await _flows.CompleteAsync("Shipment Details", id, "approve-shipment", outcome: "Rejected", comment: "The label says express; the transport is standard");

        await _flows.CompleteAsync("Warehouse Staff", id, "transport", """{ "shippingService": "Standard Shipping" }""");
        var second = await _flows.TaskAsync("Shipment Details", id, "approve-shipment");
        second.Submitted![0].Data!["service"]!.GetValue<string>().ShouldBe("standard");
        var shipments = await _flows.ReadAsync(db => Task.FromResult(db.Shipments.Where(s => s.OrderId == order.Id).OrderBy(s => s.Id).ToList()));
        shipments.Select(s => (s.Service, s.Status)).ShouldBe([("express", ShipmentStatus.Cancelled), ("standard", ShipmentStatus.Booked)]);
        second.Submitted![0].Data!["trackingNumber"]!.GetValue<string>().ShouldBe(shipments[1].TrackingNumber);
        var labels = await _flows.ReadAsync(db => Task.FromResult(db.Documents.Count(d => d.OrderId == order.Id && d.Kind == DocumentKind.LabelZpl)));
        labels.ShouldBe(2, "each booking keeps its own label file");
    }

    [Fact]
    public async Task A_delayed_parcel_tells_the_customer_and_the_order_still_completes()
    {
        var (order, id) = await _flows.StartOrderAsync(Workflow, "A-1005", "standard", ["Carrier scenario: Delayed"], ("EL-1002", 1));
        await ShipAsync(id, "Standard Shipping");
        await TrackAsync(id);

        await _flows.AdvanceAsync(TimeSpan.FromDays(4));
        (await _flows.CustomerTemplatesAsync()).ShouldBe(["order-confirmation", "order-shipped", "order-in-transit", "delivery-delayed"]);
        (await _flows.OrderAsync(order.Id)).Status.ShouldBe(OrderStatus.InTransit);
        var delayed = (await _flows.CustomerMailsAsync())[^1];
        delayed.Text.ShouldContain("Delayed at the sorting hub (severe weather)");
        delayed.Text.ShouldNotContain("Carrier scenario", Case.Insensitive);

        await _flows.AdvanceAsync(TimeSpan.FromDays(2));

        (await _flows.OrderAsync(order.Id)).Status.ShouldBe(OrderStatus.Completed);
        (await _flows.CustomerTemplatesAsync()).ShouldBe(["order-confirmation", "order-shipped", "order-in-transit", "delivery-delayed", "order-delivered", "order-completed"]);
    }

    [Fact]
    public async Task A_lost_parcel_goes_to_customer_service_who_reship_it_and_the_replacement_is_delivered()
    {
        var (order, id) = await _flows.StartOrderAsync(Workflow, "A-1006", "express", ["Carrier scenario: Lost"], ("EL-1003", 1));
        await ShipAsync(id);
        await TrackAsync(id);

        await _flows.AdvanceAsync(TimeSpan.FromDays(7));

        // Declared lost after five days at the hub; nobody took it within 8 hours, so it went up to the manager.
        var issue = await _flows.TaskAsync("Customer Service Manager", id, "resolve");
        issue.Title.ShouldBe("Delivery problem with order A-1006: Lost");
        issue.EscalatedAt.ShouldNotBeNull();

        await _flows.Get<CarrierScenarios>().SetAsync("A-1006", "Normal", CancellationToken.None);
        await _flows.CompleteAsync("Customer Service Manager", id, "resolve", """{ "resolution": "Reship" }""");
        await _flows.AdvanceAsync(TimeSpan.FromDays(2));

        (await _flows.OrderAsync(order.Id)).Status.ShouldBe(OrderStatus.Completed);
        var shipments = await _flows.ReadAsync(db => Task.FromResult(db.Shipments.Where(s => s.OrderId == order.Id).OrderBy(s => s.Id).Select(s => s.Status).ToList()));
        shipments.ShouldBe([ShipmentStatus.Lost, ShipmentStatus.Delivered]);
        var mails = await _flows.CustomerMailsAsync();
        mails.Select(m => m.Template).ShouldBe(["order-confirmation", "order-shipped", "order-in-transit", "delivery-issue", "order-in-transit", "order-delivered", "order-completed"]);
        mails[3].Subject.ShouldBe("Order A-1006: your delivery problem is resolved");
        mails[3].Text.ShouldContain("we have sent you a replacement, tracking number");
    }

    [Fact]
    public async Task An_unpaid_order_waits_for_the_payment_event()
    {
        var order = await _flows.PlaceAsync("A-1007", "standard", null, ("EL-1002", 1));
        await _flows.Get<OrderService>().SetPaymentStatusAsync(order.Id, PaymentStatus.Pending, CancellationToken.None);
        var instance = await _flows.Host.StartAsync(Workflow, new System.Text.Json.Nodes.JsonObject { ["orderId"] = order.Id, ["orderNumber"] = order.OrderNumber });
        (await _flows.Host.GetDetailsAsync(instance.Id)).Bookmarks.ShouldContain(b => b.Key == "payment:A-1007");
        (await _flows.CustomerTemplatesAsync()).ShouldBeEmpty("nothing is confirmed before it is paid");

        await _flows.Get<OrderService>().SetPaymentStatusAsync(order.Id, PaymentStatus.Paid, CancellationToken.None);
        await _flows.Host.DeliverAsync("payment:A-1007", new System.Text.Json.Nodes.JsonObject { ["status"] = "Paid" });

        (await _flows.CustomerTemplatesAsync()).ShouldBe(["order-confirmation"]);
        (await _flows.TaskAsync("Warehouse Staff", instance.Id, "verify")).ShouldNotBeNull();
    }

    private Task ShipAsync(string id, string service = "Express Shipping") => Seed001.ShipAsync(_flows, id, service);

    private Task TrackAsync(string id) => Seed001.TrackAsync(_flows, id);
}
