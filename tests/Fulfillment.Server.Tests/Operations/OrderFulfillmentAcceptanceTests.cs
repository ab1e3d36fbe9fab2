using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fulfillment.Server.Identity;
using Fulfillment.Server.Tests.Infrastructure;
using MimeKit;

namespace Fulfillment.Server.Tests.Operations;

/// <summary>
/// The issue's "done when": on the running server with the simulated clock, an order placed with
/// <c>POST /api/orders</c> and driven only through the public API, by the demo user of each role and
/// clock advances, reaches Completed with its stock reduced, a label downloadable as PDF and ZPL, and
/// the customer's confirmation, shipment and feedback e-mails each sent exactly once.
/// </summary>
public sealed partial class OrderFulfillmentAcceptanceTests : IAsyncLifetime, IDisposable
{
    private const string Customer = "grace@example.test";
    private readonly Dictionary<string, HttpClient> _people = [];
    private FulfillmentServerFactory _server = null!;

    public async Task InitializeAsync()
    {
        _server = new FulfillmentServerFactory();
        _server.Settings["Fulfillment:Clock"] = "Simulated";
        _server.Settings["Fulfillment:PublicBaseUrl"] = "http://shop.test";
        foreach (var role in Roles.All.Where(r => r is not (Roles.Admin or Roles.ProcessOwner)))
        {
            _people[role] = await _server.CreateClientForAsync(DemoUsers.EmailFor(role));
        }
    }

    public async Task DisposeAsync()
    {
        Dispose();
        await _server.DisposeAsync();
    }

    public void Dispose()
    {
        foreach (var client in _people.Values)
        {
            client.Dispose();
        }

        _people.Clear();
    }

    [Fact]
    public async Task An_order_placed_through_the_api_reaches_completed_with_stock_labels_and_each_customer_email_once()
    {
        var desk = _people[Roles.CustomerService];
        var stockBefore = await OnHandAsync(desk, "EL-1001");

        using var placed = await desk.PostAsJsonAsync("/api/orders", new
        {
            orderNumber = "DONE-1",
            customer = new { name = "Grace Hopper", email = Customer },
            shippingAddress = new { line1 = "1 Navy Yard", city = "Arlington", region = "VA", postalCode = "22202", country = "US" },
            lines = new object[] { new { sku = "EL-1001", quantity = 1, unitPrice = 79.99m }, new { sku = "HD-3002", quantity = 2, unitPrice = 22.00m } },
            shippingMethod = "express",
            specialInstructions = new object[] { "Gift wrapping" },
        });
        placed.StatusCode.ShouldBe(HttpStatusCode.Created, await placed.Content.ReadAsStringAsync());
        var order = await placed.Content.ReadFromJsonAsync<JsonElement>();
        var orderId = order.GetProperty("id").GetInt32();
        var instance = order.GetProperty("instanceId").GetString()!;

        await CompleteAsync(Roles.WarehouseStaff, instance, "verify", """{ "data": { "inStock": true, "shelves": ["Shelf A", "Shelf C"] } }""");
        await CompleteAsync(Roles.OrderVerification, instance, "approve-verification", """{ "outcome": "Approved" }""");
        await CompleteAsync(Roles.WarehouseStaff, instance, "pack", """{ "data": { "materials": ["Bubble wrap", "Cardboard box"], "specialRequirements": ["Gift wrapping"] } }""");
        await CompleteAsync(Roles.WarehouseStaff, instance, "transport", """{ "data": { "shippingService": "Express Shipping" } }""");

        var approval = await TaskAsync(Roles.ShipmentDetails, instance, "approve-shipment");
        var submitted = approval.GetProperty("submitted").EnumerateArray().ToList();
        submitted.Select(s => s.GetProperty("activityId").GetString()).ShouldBe(["label", "ready", "transport"]);
        var trackingNumber = submitted[0].GetProperty("data").GetProperty("trackingNumber").GetString()!;
        await CompleteAsync(Roles.ShipmentDetails, instance, "approve-shipment", """{ "outcome": "Approved" }""");

        await CompleteAsync(Roles.WarehouseStaff, instance, "ship", """{ "data": { "handedOver": true, "documents": ["Shipping label", "Invoice"] } }""");
        await CompleteAsync(Roles.CustomerService, instance, "track", """{ "data": { "channels": ["Email Notifications"] } }""");
        await CompleteAsync(Roles.TrackingConfirmation, instance, "approve-tracking", """{ "outcome": "Approved" }""");

        using (var pdf = await desk.GetAsync($"/api/orders/{orderId}/label.pdf"))
        {
            pdf.StatusCode.ShouldBe(HttpStatusCode.OK);
            pdf.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
            Encoding.ASCII.GetString(await pdf.Content.ReadAsByteArrayAsync())[..5].ShouldBe("%PDF-");
        }

        var zpl = await desk.GetStringAsync($"/api/orders/{orderId}/label.zpl");
        zpl.ShouldStartWith("^XA");
        zpl.ShouldContain(trackingNumber);

        // Express: collected within the hour, delivered a day later; the feedback request three days after completion.
        await AdvanceAsync("P2D");
        (await OrderAsync(desk, orderId)).GetProperty("status").GetString().ShouldBe("Completed");
        await AdvanceAsync("P3D");

        var completed = await OrderAsync(desk, orderId);
        completed.GetProperty("shipments")[0].GetProperty("status").GetString().ShouldBe("Delivered");
        completed.GetProperty("shipments")[0].GetProperty("trackingEvents").GetArrayLength().ShouldBeGreaterThanOrEqualTo(5);
        (await OnHandAsync(desk, "EL-1001")).ShouldBe(stockBefore - 1);

        // The paperwork is filed with the order, each file downloadable from its link.
        var documents = completed.GetProperty("documents").EnumerateArray().ToList();
        documents.Select(d => d.GetProperty("kind").GetString()).Distinct().ShouldBe(["Invoice", "LabelPdf", "LabelZpl", "PackingSlip", "ReturnInstructions"], ignoreOrder: true);
        foreach (var document in documents)
        {
            using var file = await desk.GetAsync(document.GetProperty("href").GetString());
            file.StatusCode.ShouldBe(HttpStatusCode.OK, document.GetProperty("fileName").GetString());
            (await file.Content.ReadAsByteArrayAsync()).Length.ShouldBe(document.GetProperty("size").GetInt32());
        }

        (await InstanceStatusAsync(instance)).ShouldBe("Completed");

        var subjects = CustomerSubjects();
        subjects.Count(s => s.StartsWith("Order DONE-1 confirmed", StringComparison.Ordinal)).ShouldBe(1, string.Join(" | ", subjects));
        subjects.Count(s => s.StartsWith("Order DONE-1 has shipped", StringComparison.Ordinal)).ShouldBe(1, string.Join(" | ", subjects));
        subjects.Count(s => s.StartsWith("How was order DONE-1?", StringComparison.Ordinal)).ShouldBe(1, string.Join(" | ", subjects));

        // The CSAT link works without signing in and stores the score with the order.
        var link = FeedbackLink().Match(CustomerMessages().Single(m => m.Subject?.StartsWith("How was order", StringComparison.Ordinal) == true).TextBody ?? string.Empty).Value;
        using var anonymous = _server.CreateClient();
        var path = new Uri(link).PathAndQuery;
        (await anonymous.GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var answer = await anonymous.PostAsync(path.Split('?')[0], new FormUrlEncodedContent(new Dictionary<string, string> { ["score"] = "5", ["comment"] = "Fast!" }));
        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        var feedback = (await OrderAsync(desk, orderId)).GetProperty("feedback");
        feedback.GetProperty("score").GetInt32().ShouldBe(5);
        feedback.GetProperty("comment").GetString().ShouldBe("Fast!");
    }

    private async Task<JsonElement> TaskAsync(string role, string instanceId, string activityId)
    {
        var inbox = await _people[role].GetFromJsonAsync<JsonElement>("/api/tasks?status=Open");
        var task = inbox.EnumerateArray().SingleOrDefault(t => t.GetProperty("instanceId").GetString() == instanceId && t.GetProperty("activityId").GetString() == activityId);
        task.ValueKind.ShouldBe(JsonValueKind.Object, $"{role} has no open task '{activityId}'; instance: {await InstanceStatusAsync(instanceId)}");
        return await _people[role].GetFromJsonAsync<JsonElement>($"/api/tasks/{task.GetProperty("id").GetString()}");
    }

    private async Task CompleteAsync(string role, string instanceId, string activityId, string body)
    {
        var task = await TaskAsync(role, instanceId, activityId);
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _people[role].PostAsync($"/api/tasks/{task.GetProperty("id").GetString()}/complete", content);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private async Task AdvanceAsync(string by)
    {
        using var response = await _people[Roles.WarehouseManager].PostAsJsonAsync("/api/simulation/advance", new { by });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private static async Task<JsonElement> OrderAsync(HttpClient client, int id) => await client.GetFromJsonAsync<JsonElement>($"/api/orders/{id}");

    private static async Task<int> OnHandAsync(HttpClient client, string sku) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/inventory?sku={sku}")).EnumerateArray().Sum(row => row.GetProperty("onHand").GetInt32());

    private async Task<string> InstanceStatusAsync(string instanceId)
    {
        var details = await _people[Roles.WarehouseManager].GetFromJsonAsync<JsonElement>($"/api/instances/{instanceId}");
        return details.GetProperty("status").GetString()!;
    }

    private List<MimeMessage> CustomerMessages() =>
        [.. Directory.GetFiles(Path.Combine(_server.DataDirectory, "mail"), "*.eml")
            .Select(f => MimeMessage.Load(f))
            .Where(m => m.To.Mailboxes.Any(a => a.Address == Customer))];

    private List<string> CustomerSubjects() => [.. CustomerMessages().Select(m => m.Subject ?? string.Empty)];

    [GeneratedRegex(@"http://shop\.test/feedback/\S+\?score=5")]
    private static partial Regex FeedbackLink();
}
