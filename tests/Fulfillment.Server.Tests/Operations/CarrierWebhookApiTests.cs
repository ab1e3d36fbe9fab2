using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fulfillment.Operations.Carriers;
using Fulfillment.Server.Identity;
using Fulfillment.Server.Tests.Infrastructure;

namespace Fulfillment.Server.Tests.Operations;

/// <summary>
/// <c>POST /api/carriers/{code}/webhook</c> for a carrier configured to push its tracking (so it is not
/// polled): a signed event is recorded and resumes the seed-001 order waiting on the parcel, a replay
/// records and resumes nothing, and unsigned, badly signed or unknown posts are refused.
/// </summary>
public sealed class CarrierWebhookApiTests : IAsyncLifetime, IDisposable
{
    private const string Secret = "whsec-test-0123456789";
    private readonly Dictionary<string, HttpClient> _people = [];
    private FulfillmentServerFactory _server = null!;

    public async Task InitializeAsync()
    {
        _server = new FulfillmentServerFactory();
        _server.Settings["Fulfillment:Clock"] = "Simulated";
        _server.Settings["Fulfillment:Operations:Shipping:WebhookSecrets:simulated"] = Secret;
        foreach (var role in new[] { Roles.WarehouseStaff, Roles.OrderVerification, Roles.ShipmentDetails, Roles.CustomerService, Roles.TrackingConfirmation })
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
    public async Task Signed_events_move_the_waiting_order_once_and_a_replay_changes_nothing()
    {
        var (orderId, instance, trackingNumber) = await ShippedOrderAsync("HOOK-1");
        using var carrier = _server.CreateClient();

        // No poll for a carrier with webhooks: a week of simulated time brings no news.
        using (var manager = await _server.CreateClientForAsync(DemoUsers.EmailFor(Roles.WarehouseManager)))
        {
            (await manager.PostAsJsonAsync("/api/simulation/advance", new { by = "P7D" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        (await OrderStatusAsync(orderId)).ShouldBe("Shipped");

        var inTransit = Event(trackingNumber, "InTransit", "2026-01-05T12:00:00Z");
        (await PostAsync(carrier, inTransit)).ShouldBe((1, "InTransit", 1));
        (await OrderStatusAsync(orderId)).ShouldBe("InTransit");
        (await PostAsync(carrier, inTransit)).ShouldBe((0, "InTransit", 0), "the same event again is no news");

        (await PostAsync(carrier, Event(trackingNumber, "Delivered", "2026-01-06T10:00:00Z"))).ShouldBe((1, "Delivered", 1));
        (await OrderStatusAsync(orderId)).ShouldBe("Completed");
        var journal = await _people[Roles.CustomerService].GetFromJsonAsync<JsonElement>($"/api/instances/{instance}");
        journal.GetProperty("status").GetString().ShouldBe("Suspended", "the feedback request waits three days");
    }

    [Fact]
    public async Task Unsigned_badly_signed_unknown_and_malformed_posts_are_refused()
    {
        using var carrier = _server.CreateClient();
        var body = Event("SIM000000000000", "InTransit", "2026-01-05T12:00:00Z");

        using (var unsigned = await carrier.PostAsync("/api/carriers/simulated/webhook", new StringContent(body, Encoding.UTF8, "application/json")))
        {
            unsigned.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        using (var forged = await SendAsync(carrier, body, "not-the-secret"))
        {
            forged.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        using (var unknownParcel = await SendAsync(carrier, body, Secret))
        {
            unknownParcel.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        using (var unknownCarrier = await SendAsync(carrier, body, Secret, "nobody"))
        {
            unknownCarrier.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        using var malformed = await SendAsync(carrier, """{ "trackingNumber": "SIM1", "status": "Teleported" }""", Secret);
        malformed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await malformed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("path").GetString().ShouldBe("$.status");
    }

    /// <summary>An order through seed 001 up to the wait for its delivery, by the demo users of its roles.</summary>
    private async Task<(int OrderId, string InstanceId, string TrackingNumber)> ShippedOrderAsync(string orderNumber)
    {
        using var placed = await _people[Roles.CustomerService].PostAsJsonAsync("/api/orders", new
        {
            orderNumber,
            customer = new { name = "Grace Hopper", email = "grace@example.test" },
            shippingAddress = new { line1 = "1 Navy Yard", city = "Arlington", region = "VA", postalCode = "22202", country = "US" },
            lines = new object[] { new { sku = "EL-1002", quantity = 1, unitPrice = 49.00m } },
            shippingMethod = "express",
        });
        placed.StatusCode.ShouldBe(HttpStatusCode.Created, await placed.Content.ReadAsStringAsync());
        var order = await placed.Content.ReadFromJsonAsync<JsonElement>();
        var instance = order.GetProperty("instanceId").GetString()!;

        await CompleteAsync(Roles.WarehouseStaff, instance, "verify", """{ "data": { "inStock": true } }""");
        await CompleteAsync(Roles.OrderVerification, instance, "approve-verification", """{ "outcome": "Approved" }""");
        await CompleteAsync(Roles.WarehouseStaff, instance, "pack", """{ "data": { "materials": ["Cardboard box"] } }""");
        await CompleteAsync(Roles.WarehouseStaff, instance, "transport", """{ "data": { "shippingService": "Express Shipping" } }""");
        await CompleteAsync(Roles.ShipmentDetails, instance, "approve-shipment", """{ "outcome": "Approved" }""");
        await CompleteAsync(Roles.WarehouseStaff, instance, "ship", """{ "data": { "handedOver": true } }""");
        await CompleteAsync(Roles.CustomerService, instance, "track", """{ "data": { "channels": ["Online Tracking Portal"] } }""");
        await CompleteAsync(Roles.TrackingConfirmation, instance, "approve-tracking", """{ "outcome": "Approved" }""");

        var details = await _people[Roles.CustomerService].GetFromJsonAsync<JsonElement>($"/api/orders/{order.GetProperty("id").GetInt32()}");
        var trackingNumber = details.GetProperty("shipments")[0].GetProperty("trackingNumber").GetString()!;
        return (order.GetProperty("id").GetInt32(), instance, trackingNumber);
    }

    private async Task CompleteAsync(string role, string instanceId, string activityId, string body)
    {
        var inbox = await _people[role].GetFromJsonAsync<JsonElement>("/api/tasks?status=Open");
        var task = inbox.EnumerateArray().Single(t => t.GetProperty("instanceId").GetString() == instanceId && t.GetProperty("activityId").GetString() == activityId);
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _people[role].PostAsync($"/api/tasks/{task.GetProperty("id").GetString()}/complete", content);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private async Task<string?> OrderStatusAsync(int orderId) =>
        (await _people[Roles.CustomerService].GetFromJsonAsync<JsonElement>($"/api/orders/{orderId}")).GetProperty("status").GetString();

    private static string Event(string trackingNumber, string status, string occurredAt) =>
        $$"""{ "trackingNumber": "{{trackingNumber}}", "status": "{{status}}", "occurredAt": "{{occurredAt}}", "description": "{{status}} (carrier)" }""";

    private static async Task<(int NewScans, string? Status, int Resumed)> PostAsync(HttpClient carrier, string body)
    {
        using var response = await SendAsync(carrier, body, Secret);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (receipt.GetProperty("newScans").GetInt32(), receipt.GetProperty("status").GetString(), receipt.GetProperty("resumed").GetInt32());
    }

    /// <summary>Posts <paramref name="body"/> signed as a carrier signs it now (wall-clock seconds).</summary>
    private static Task<HttpResponseMessage> SendAsync(HttpClient carrier, string body, string secret, string code = "simulated")
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/carriers/{code}/webhook") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Sign(secret, bytes, DateTimeOffset.UtcNow));
        return carrier.SendAsync(request);
    }
}
