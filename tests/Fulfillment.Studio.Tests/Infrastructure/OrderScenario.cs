using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fulfillment.Operations.Inventory;
using Fulfillment.Server.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Fulfillment.Studio.Tests.Infrastructure;

/// <summary>
/// Orders for the order and dashboard tests, placed through the API as a shop would. Placing an order
/// starts the order workflow (<c>order-to-delivery</c>); when the server has none published, a small
/// one is published here: it e-mails the customer, marks the order verified and waits for the
/// Order Verification role, so the order stays open for the tests to look at and cancel.
/// </summary>
public static class OrderScenario
{
    public const string OrderWorkflowId = "order-to-delivery";

    /// <summary>Plenty of it in Chicago (demo data): the tests' orders never run it out.</summary>
    public const string Sku = "CL-2001";

    public const string Definition = """
        {
          "schemaVersion": 1, "id": "order-to-delivery", "name": "Order to delivery (Studio tests)",
          "variables": [ { "name": "orderId" }, { "name": "orderNumber" }, { "name": "customerName" }, { "name": "customerEmail" } ],
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "confirm", "type": "SendEmail", "name": "Confirm the order",
              "inputs": { "to": { "expr": "customerEmail" }, "template": "generic",
                "model": { "expr": "({ subject: 'We received order ' + orderNumber, greeting: 'Hello ' + customerName, body: 'Thank you for your order.' })" } } },
            { "id": "verified", "type": "UpdateOrderStatus", "name": "Mark verified", "inputs": { "status": "Verified", "note": "Checked by the shop" } },
            { "id": "verify", "type": "UserTask", "name": "Verify the order", "inputs": { "title": "Verify the order", "role": "Order Verification" } },
            { "id": "done", "type": "End" }
          ],
          "connections": [
            { "from": "start", "to": "confirm" }, { "from": "confirm", "to": "verified" },
            { "from": "verified", "to": "verify" }, { "from": "verify", "to": "done" }
          ]
        }
        """;

    public static readonly string CustomerService = DemoUsers.EmailFor(Roles.CustomerService);
    public static readonly string WarehouseStaff = DemoUsers.EmailFor(Roles.WarehouseStaff);
    public static readonly string WarehouseManager = DemoUsers.EmailFor(Roles.WarehouseManager);

    private static readonly SemaphoreSlim Publishing = new(1, 1);
    private static bool _published;

    /// <summary>The customer of an order number, unique per order so a search by customer finds one order.</summary>
    public static string CustomerEmail(string orderNumber) => $"{orderNumber.ToLowerInvariant()}@example.com";

    /// <summary>Places an order of <paramref name="quantity"/> × <see cref="Sku"/>; returns its id and its workflow instance.</summary>
    public static async Task<(int Id, string InstanceId)> PlaceAsync(StudioServer server, string orderNumber, int quantity = 2)
    {
        using var shop = await ServerApi.SignInAsync(server, DemoUsers.AdminEmail);
        var order = new
        {
            orderNumber,
            customer = new { name = "Ada Lovelace", email = CustomerEmail(orderNumber) },
            shippingAddress = new { line1 = "12 Analytical Row", city = "Chicago", postalCode = "60601", region = "IL", country = "US" },
            lines = new[] { new { sku = Sku, quantity } },
            shippingMethod = "Express",
            specialInstructions = new[] { "Gift wrapping" },
        };

        var placed = await shop.PlaceOrderAsync(order);
        if (placed.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            placed.Dispose();
            await EnsureOrderWorkflowAsync(shop);
            placed = await shop.PlaceOrderAsync(order);
        }

        using (placed)
        {
            placed.StatusCode.ShouldBe(HttpStatusCode.Created, await placed.Content.ReadAsStringAsync());
            var body = await placed.Content.ReadFromJsonAsync<JsonElement>();
            return (body.GetProperty("id").GetInt32(), body.GetProperty("instanceId").GetString()!);
        }
    }

    /// <summary>Holds the order's stock, as the order workflow's reservation step does (idempotent).</summary>
    public static async Task ReserveAsync(StudioServer server, int orderId)
    {
        var result = await server.Services.GetRequiredService<InventoryService>().ReserveAsync(orderId, CancellationToken.None);
        result.Reserved.ShouldBeTrue();
    }

    // Publishes the tests' order workflow once, if nobody did in the meantime (tests place orders in parallel).
    private static async Task EnsureOrderWorkflowAsync(ServerApi admin)
    {
        await Publishing.WaitAsync();
        try
        {
            if (!_published)
            {
                await admin.PublishAsync(Definition);
                _published = true;
            }
        }
        finally
        {
            Publishing.Release();
        }
    }
}
