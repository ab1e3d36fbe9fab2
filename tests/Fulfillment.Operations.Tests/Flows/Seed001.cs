using Fulfillment.Operations.Model;

namespace Fulfillment.Operations.Tests.Flows;

/// <summary>
/// The people's part of <c>workflows/order-to-delivery.json</c> (seed 001), shared by the tests that
/// need an order the way the seed ships it (its own tests, and the returns that start from a delivered order).
/// </summary>
public static class Seed001
{
    public const string Workflow = "order-to-delivery";

    /// <summary>Everything up to the hand-over to the carrier, by the people of the seed's roles.</summary>
    public static async Task ShipAsync(FlowHost flows, string id, string service = "Express Shipping")
    {
        await flows.CompleteAsync("Warehouse Staff", id, "verify", """{ "inStock": true, "shelves": ["Shelf A", "Shelf C"] }""");
        await flows.ApproveAsync("Order Verification", id, "approve-verification");
        await flows.CompleteAsync("Warehouse Staff", id, "pack", """{ "materials": ["Bubble wrap", "Cardboard box"], "specialRequirements": ["Gift wrapping"] }""");
        await flows.CompleteAsync("Warehouse Staff", id, "transport", $$"""{ "shippingService": "{{service}}" }""");
        await flows.ApproveAsync("Shipment Details", id, "approve-shipment");
        await flows.CompleteAsync("Warehouse Staff", id, "ship", """{ "handedOver": true, "documents": ["Shipping label", "Invoice"] }""");
    }

    /// <summary>The tracking step and its confirmation: from here the parcel's scans drive the workflow.</summary>
    public static async Task TrackAsync(FlowHost flows, string id)
    {
        await flows.CompleteAsync("Customer Service", id, "track", """{ "channels": ["Email Notifications"] }""");
        await flows.ApproveAsync("Tracking Confirmation", id, "approve-tracking");
    }

    /// <summary>An express order placed, shipped, tracked and delivered (Completed; the feedback request still waits).</summary>
    public static async Task<Order> DeliveredOrderAsync(FlowHost flows, string orderNumber, params (string Sku, int Quantity)[] lines)
    {
        var (order, id) = await flows.StartOrderAsync(Workflow, orderNumber, "express", null, lines);
        await ShipAsync(flows, id);
        await TrackAsync(flows, id);
        await flows.AdvanceAsync(TimeSpan.FromDays(2));
        var delivered = await flows.OrderAsync(order.Id);
        delivered.Status.ShouldBe(OrderStatus.Completed, await flows.DescribeAsync(id));
        return delivered;
    }
}
