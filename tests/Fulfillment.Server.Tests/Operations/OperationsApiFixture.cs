using System.Text;
using Fulfillment.Server.Identity;
using Fulfillment.Server.Tests.Infrastructure;

namespace Fulfillment.Server.Tests.Operations;

/// <summary>
/// One server (demo data on, so the demo inventory is there) whose order workflow is a small test
/// workflow: reserve → Allocated → wait for <c>ship:&lt;order number&gt;</c> → commit stock → Shipped.
/// Tests share it, so each uses its own order numbers and SKUs.
/// </summary>
public sealed class OperationsApiFixture : IAsyncLifetime
{
    public const string WorkflowId = "api-orders";

    private const string Workflow = """
        {
          "schemaVersion": 1, "id": "api-orders", "name": "Orders in API tests",
          "variables": [ { "name": "orderId" }, { "name": "orderNumber" } ],
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "reserve", "type": "ReserveStock" },
            { "id": "allocated", "type": "UpdateOrderStatus", "inputs": { "status": "Allocated" } },
            { "id": "pending", "type": "UpdateOrderStatus", "inputs": { "status": "Pending", "note": "Out of stock" } },
            { "id": "handover", "type": "WaitForEvent", "inputs": { "key": { "expr": "'ship:' + orderNumber" } } },
            { "id": "commit", "type": "CommitStock" },
            { "id": "shipped", "type": "UpdateOrderStatus", "inputs": { "status": "Shipped" } }
          ],
          "connections": [
            { "from": "start", "to": "reserve" },
            { "from": "reserve", "outcome": "Reserved", "to": "allocated" },
            { "from": "reserve", "outcome": "OutOfStock", "to": "pending" },
            { "from": "allocated", "to": "handover" },
            { "from": "handover", "to": "commit" },
            { "from": "commit", "outcome": "Committed", "to": "shipped" }
          ]
        }
        """;

    public FulfillmentServerFactory Server { get; } = new();

    public HttpClient Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server.Settings["Fulfillment:Operations:OrderWorkflowId"] = WorkflowId;
        Admin = await Server.CreateClientForAsync(DemoUsers.AdminEmail);
        (await Admin.PutAsync($"/api/workflows/{WorkflowId}", new StringContent(Workflow, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        (await Admin.PostAsync($"/api/workflows/{WorkflowId}/publish", null)).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>An order body as in the API contract.</summary>
    public static object Order(string orderNumber, params (string Sku, int Quantity)[] lines) => new
    {
        orderNumber,
        customer = new { name = "Ada Lovelace", email = "ada@example.test" },
        shippingAddress = new { line1 = "1 Analytical St", city = "London", postalCode = "N1 1AA", country = "GB" },
        lines = lines.Select(l => new { sku = l.Sku, quantity = l.Quantity, unitPrice = 10.0m }).ToArray(),
        shippingMethod = "express",
        specialInstructions = new object[] { "Gift wrapping", new { type = "CustomizedMessage", text = "Happy birthday!" } },
    };
}
