using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fulfillment.Operations.Model;
using Fulfillment.Operations.Storage;
using Fulfillment.Server.Identity;
using Fulfillment.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fulfillment.Server.Tests.Operations;

/// <summary>The orders API on the running server, driven by the demo users.</summary>
public sealed class OrdersApiTests(OperationsApiFixture fixture) : IClassFixture<OperationsApiFixture>
{
    private HttpClient Admin => fixture.Admin;

    [Fact]
    public async Task An_order_is_placed_once_allocated_by_its_workflow_and_shipped_with_its_stock()
    {
        var before = await StockAsync("EL-1003");

        using var created = await Admin.PostAsJsonAsync("/api/orders", OperationsApiFixture.Order("API-1", ("EL-1003", 4)));
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var placed = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = placed.GetProperty("id").GetInt32();
        var instanceId = placed.GetProperty("instanceId").GetString()!;
        created.Headers.Location!.ToString().ShouldBe($"/api/orders/{id}");
        using var again = await Admin.PostAsJsonAsync("/api/orders", OperationsApiFixture.Order("API-1", ("EL-1003", 1)));
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instanceId").GetString().ShouldBe(instanceId);

        var order = await Admin.GetFromJsonAsync<JsonElement>($"/api/orders/{id}");
        order.GetProperty("status").GetString().ShouldBe("Allocated");
        order.GetProperty("shippingMethod").GetString().ShouldBe("Express");
        order.GetProperty("specialInstructions")[1].GetProperty("text").GetString().ShouldBe("Happy birthday!");
        order.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("to").GetString()).ShouldBe(["Received", "Allocated"]);
        // The Seattle warehouse has all four: one parcel rather than a split over Chicago and Dallas.
        var allocation = order.GetProperty("lines")[0].GetProperty("allocations").EnumerateArray().ShouldHaveSingleItem();
        (allocation.GetProperty("warehouse").GetString(), allocation.GetProperty("location").GetString(), allocation.GetProperty("quantity").GetInt32())
            .ShouldBe(("SEA", "A-03", 4));
        var instances = await Admin.GetFromJsonAsync<JsonElement>("/api/instances?correlationId=API-1");
        instances.GetArrayLength().ShouldBe(1);

        (await Admin.PostAsJsonAsync("/api/events", new { key = "ship:API-1" })).EnsureSuccessStatusCode();

        var shipped = await Admin.GetFromJsonAsync<JsonElement>($"/api/orders/{id}");
        shipped.GetProperty("status").GetString().ShouldBe("Shipped");
        shipped.GetProperty("shippedAt").ValueKind.ShouldBe(JsonValueKind.String);
        var after = await StockAsync("EL-1003");
        after.Single(s => s.Warehouse == "SEA").ShouldBe(before.Single(s => s.Warehouse == "SEA") with { OnHand = 0, Available = 0 });
        var books = await Admin.GetFromJsonAsync<JsonElement>("/api/inventory/reconciliation");
        var line = books.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("sku").GetString() == "EL-1003");
        (line.GetProperty("shipped").GetInt32(), line.GetProperty("matches").GetBoolean()).ShouldBe((4, true));
    }

    [Fact]
    public async Task Ten_simultaneous_posts_of_one_order_make_one_order_and_one_instance()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Admin.PostAsJsonAsync("/api/orders", OperationsApiFixture.Order("API-2", ("EL-1004", 1)))));

        answers.Count(a => a.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        answers.Count(a => a.StatusCode == HttpStatusCode.OK).ShouldBe(9);
        var bodies = await Task.WhenAll(answers.Select(a => a.Content.ReadFromJsonAsync<JsonElement>()));
        bodies.Select(b => (b.GetProperty("id").GetInt32(), b.GetProperty("instanceId").GetString())).Distinct().ShouldHaveSingleItem();
        (await Admin.GetFromJsonAsync<JsonElement>("/api/instances?correlationId=API-2")).GetArrayLength().ShouldBe(1);
        (await Admin.GetFromJsonAsync<JsonElement>("/api/orders?search=API-2")).GetProperty("total").GetInt32().ShouldBe(1);
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    [Fact]
    public async Task An_invalid_order_is_a_problem_naming_each_json_path()
    {
        var body = new
        {
            orderNumber = "API-3",
            customer = new { name = "Ada", email = "ada" },
            shippingAddress = new { line1 = "1 Analytical St", city = "London", country = "GB" },
            lines = new object[] { new { sku = "EL-1001", quantity = 1 }, new { sku = "EL-1001", quantity = 0 }, new { sku = "XX-0000", quantity = 1 } },
            shippingMethod = "teleport",
        };

        using var response = await Admin.PostAsJsonAsync("/api/orders", body);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("path").GetString().ShouldBe("customer.email");
        problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString())
            .ShouldBe(["customer.email", "lines[1].quantity", "lines[2].sku", "shippingMethod"]);
        (await Admin.GetFromJsonAsync<JsonElement>("/api/orders?search=API-3")).GetProperty("total").GetInt32().ShouldBe(0);

        using var unreadable = await Admin.PostAsync("/api/orders", new StringContent("""{"orderNumber": "API-3", "lines": [{"sku": "EL-1001", "quantity": "two"}]}""", System.Text.Encoding.UTF8, "application/json"));
        (await unreadable.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("path").GetString().ShouldBe("$.lines[0].quantity");
    }

    [Fact]
    public async Task The_list_filters_and_pages_and_an_unknown_order_is_a_404_problem()
    {
        for (var i = 0; i < 3; i++)
        {
            (await Admin.PostAsJsonAsync("/api/orders", OperationsApiFixture.Order($"LIST-{i}", ("CL-2001", 1)))).EnsureSuccessStatusCode();
        }

        var page = await Admin.GetFromJsonAsync<JsonElement>("/api/orders?search=LIST-&take=2&skip=1&status=Allocated");
        page.GetProperty("total").GetInt32().ShouldBe(3);
        page.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("orderNumber").GetString()).ShouldBe(["LIST-1", "LIST-0"]);
        (await (await Admin.GetAsync("/api/orders?status=Lost")).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("path").GetString().ShouldBe("status");
        await (await Admin.GetAsync("/api/orders/999999")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Documents_filed_with_an_order_are_linked_and_downloadable()
    {
        using var created = await Admin.PostAsJsonAsync("/api/orders", OperationsApiFixture.Order("DOC-1", ("EL-1002", 1)));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        await using (var scope = fixture.Server.Services.CreateAsyncScope())
        {
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<OperationsDbContext>>().CreateDbContextAsync();
            db.Documents.Add(new OrderDocument
            {
                OrderId = id, Kind = DocumentKind.Invoice, FileName = "invoice-DOC-1.pdf", ContentType = "application/pdf",
                Content = "%PDF-1.4 test"u8.ToArray(), CreatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        var document = (await Admin.GetFromJsonAsync<JsonElement>($"/api/orders/{id}")).GetProperty("documents").EnumerateArray().ShouldHaveSingleItem();
        document.GetProperty("kind").GetString().ShouldBe("Invoice");
        var href = document.GetProperty("href").GetString()!;
        href.ShouldBe($"/api/orders/{id}/documents/{document.GetProperty("id").GetInt32()}");

        using var download = await Admin.GetAsync(href);
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        download.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        download.Content.Headers.ContentDisposition!.FileName.ShouldBe("invoice-DOC-1.pdf");
        (await download.Content.ReadAsByteArrayAsync()).ShouldBe("%PDF-1.4 test"u8.ToArray());
        await (await Admin.GetAsync($"/api/orders/{id + 1000}/documents/{document.GetProperty("id").GetInt32()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Customer_service_cancels_an_order_its_workflow_stops_and_its_stock_is_freed()
    {
        var free = (await StockAsync("CL-2002")).Sum(s => s.Available);
        using var created = await Admin.PostAsJsonAsync("/api/orders", OperationsApiFixture.Order("CAN-1", ("CL-2002", 3)));
        var placed = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = placed.GetProperty("id").GetInt32();
        (await StockAsync("CL-2002")).Sum(s => s.Available).ShouldBe(free - 3);
        using var staff = await fixture.Server.CreateClientForAsync(DemoUsers.EmailFor(Roles.WarehouseStaff));
        using var service = await fixture.Server.CreateClientForAsync(DemoUsers.EmailFor(Roles.CustomerService));

        await (await staff.PostAsJsonAsync($"/api/orders/{id}/cancel", new { reason = "No" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        using var cancelled = await service.PostAsJsonAsync($"/api/orders/{id}/cancel", new { reason = "Customer asked" });

        cancelled.StatusCode.ShouldBe(HttpStatusCode.OK);
        var order = await cancelled.Content.ReadFromJsonAsync<JsonElement>();
        order.GetProperty("status").GetString().ShouldBe("Cancelled");
        order.GetProperty("history").EnumerateArray().Last().GetProperty("actor").GetString().ShouldBe(DemoUsers.EmailFor(Roles.CustomerService));
        (await Admin.GetFromJsonAsync<JsonElement>($"/api/instances/{placed.GetProperty("instanceId").GetString()}")).GetProperty("status").GetString().ShouldBe("Cancelled");
        (await StockAsync("CL-2002")).Sum(s => s.Available).ShouldBe(free);
        (await service.PostAsJsonAsync($"/api/orders/{id}/cancel", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_shipped_order_cannot_be_cancelled()
    {
        using var created = await Admin.PostAsJsonAsync("/api/orders", OperationsApiFixture.Order("CAN-2", ("HD-3002", 1)));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        (await Admin.PostAsJsonAsync("/api/events", new { key = "ship:CAN-2" })).EnsureSuccessStatusCode();

        var problem = await (await Admin.PostAsync($"/api/orders/{id}/cancel", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        problem.GetProperty("detail").GetString()!.ShouldContain("return it instead");
    }

    [Fact]
    public async Task An_order_out_of_stock_waits_as_pending()
    {
        using var created = await Admin.PostAsJsonAsync("/api/orders", OperationsApiFixture.Order("OOS-1", ("HD-3003", 1)));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        var order = await Admin.GetFromJsonAsync<JsonElement>($"/api/orders/{id}");
        order.GetProperty("status").GetString().ShouldBe("Pending");
        order.GetProperty("history").EnumerateArray().Last().GetProperty("note").GetString().ShouldBe("Out of stock");
    }

    [Fact]
    public async Task A_payment_update_is_recorded_and_sent_to_the_workflow_as_an_event()
    {
        using var created = await Admin.PostAsJsonAsync("/api/orders", OperationsApiFixture.Order("PAY-1", ("EL-1001", 1)));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        using var paid = await Admin.PostAsJsonAsync($"/api/orders/{id}/payment", new { status = "refunded" });

        paid.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await paid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("paymentStatus").GetString().ShouldBe("Refunded");
        (await (await Admin.PostAsJsonAsync($"/api/orders/{id}/payment", new { status = "lost" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .GetProperty("path").GetString().ShouldBe("status");
    }

    private async Task<List<StockLine>> StockAsync(string sku) =>
        (await Admin.GetFromJsonAsync<List<StockLine>>($"/api/inventory?sku={sku}"))!;

    private sealed record StockLine(string Sku, string Warehouse, string Location, int OnHand, int Reserved, int Available);
}
