using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fulfillment.Server.Identity;
using Fulfillment.Server.Tests.Infrastructure;

namespace Fulfillment.Server.Tests.Operations;

public sealed class InventoryAndKpiApiTests(OperationsApiFixture fixture) : IClassFixture<OperationsApiFixture>
{
    private HttpClient Admin => fixture.Admin;

    [Fact]
    public async Task The_inventory_lists_the_demo_stock_per_shelf_location()
    {
        var stock = await Admin.GetFromJsonAsync<JsonElement>("/api/inventory");

        var rows = stock.EnumerateArray().ToList();
        rows.Select(r => r.GetProperty("sku").GetString()).Distinct().Count().ShouldBe(12);
        var headphones = rows.First(r => r.GetProperty("sku").GetString() == "EL-1001");
        headphones.EnumerateObject().Select(p => p.Name).ShouldBe(
            ["sku", "name", "category", "warehouse", "warehouseName", "location", "shelf", "onHand", "reserved", "available"]);
        (headphones.GetProperty("category").GetString(), headphones.GetProperty("warehouse").GetString(), headphones.GetProperty("location").GetString())
            .ShouldBe(("Electronics", "CHI", "A-01"));
        rows.Where(r => r.GetProperty("category").GetString() == "HomeDecor").ShouldAllBe(r => r.GetProperty("shelf").GetString() == "C");
    }

    [Fact]
    public async Task Warehouse_staff_restock_once_per_idempotency_key()
    {
        using var staff = await fixture.Server.CreateClientForAsync(DemoUsers.EmailFor(Roles.WarehouseStaff));
        using var service = await fixture.Server.CreateClientForAsync(DemoUsers.EmailFor(Roles.CustomerService));
        var before = await OnHandAsync("HD-3001", "CHI");

        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/inventory/restock")
            {
                Content = JsonContent.Create(new { sku = "HD-3001", quantity = 6, reason = "Supplier delivery 17" }),
            };
            request.Headers.Add("Idempotency-Key", "delivery-17");
            using var response = await staff.SendAsync(request);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicate").GetBoolean().ShouldBe(i == 1);
        }

        (await OnHandAsync("HD-3001", "CHI")).ShouldBe(before + 6);
        await (await service.PostAsJsonAsync("/api/inventory/restock", new { sku = "HD-3001", quantity = 1 })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var invalid = await (await staff.PostAsJsonAsync("/api/inventory/restock", new { sku = "HD-3001", quantity = 0 })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        invalid.GetProperty("path").GetString().ShouldBe("quantity");
    }

    [Fact]
    public async Task The_reconciliation_report_covers_every_product()
    {
        var books = await Admin.GetFromJsonAsync<JsonElement>("/api/inventory/reconciliation");

        books.GetProperty("items").GetArrayLength().ShouldBe(12);
        books.GetProperty("items")[0].EnumerateObject().Select(p => p.Name).ShouldBe(
            ["sku", "name", "onHand", "reserved", "received", "returned", "shipped", "expectedOnHand", "heldByOrders", "matches"]);
    }

    [Fact]
    public async Task Kpis_answer_for_a_period_and_name_a_bad_date()
    {
        using var created = await Admin.PostAsJsonAsync("/api/orders", OperationsApiFixture.Order("KPI-1", ("CL-2004", 1)));
        created.EnsureSuccessStatusCode();
        var today = DateTimeOffset.UtcNow;

        var kpis = await Admin.GetFromJsonAsync<JsonElement>($"/api/kpis?from={today.AddDays(-1):yyyy-MM-dd}&to={today.AddDays(2):yyyy-MM-dd}");

        kpis.EnumerateObject().Select(p => p.Name).ShouldBe(
            ["from", "to", "generatedAt", "orderProcessingTime", "deliveryTime", "accuracyRate", "customerSatisfaction", "ordersByStage", "overdueTasks"]);
        kpis.GetProperty("ordersByStage").EnumerateArray().Sum(s => s.GetProperty("orders").GetInt32()).ShouldBeGreaterThanOrEqualTo(1);
        (await (await Admin.GetAsync("/api/kpis?from=yesterday")).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("path").GetString().ShouldBe("from");
        (await (await Admin.GetAsync("/api/kpis?from=2026-02-01&to=2026-01-01")).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("path").GetString().ShouldBe("to");
    }

    [Fact]
    public async Task The_quarterly_report_is_a_csv_file()
    {
        using var response = await Admin.GetAsync("/api/reports/quarterly.csv?year=2026&quarter=2");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        response.Content.Headers.ContentDisposition!.FileName.ShouldBe("fulfillment-2026-Q2.csv");
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("period,ordersPlaced,ordersShipped,");
        lines.Skip(1).Select(l => l.Split(',')[0]).ShouldBe(["2026-04", "2026-05", "2026-06", "2026-Q2"]);
        lines.ShouldAllBe(l => l.Split(',').Length == 12);
        (await (await Admin.GetAsync("/api/reports/quarterly.csv?year=2026&quarter=5")).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .GetProperty("path").GetString().ShouldBe("quarter");
    }

    [Fact]
    public async Task The_openapi_document_shows_the_endpoints_and_their_problems()
    {
        using var document = JsonDocument.Parse(await Admin.GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");

        var place = paths.GetProperty("/api/orders").GetProperty("post");
        place.GetProperty("responses").EnumerateObject().Select(r => r.Name).ShouldBe(["200", "201", "400", "503"], ignoreOrder: true);
        place.GetProperty("responses").GetProperty("400").GetProperty("content").TryGetProperty("application/problem+json", out _).ShouldBeTrue();
        place.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _).ShouldBeTrue();
        foreach (var path in new[] { "/api/orders/{id}", "/api/orders/{id}/cancel", "/api/orders/{id}/documents/{documentId}", "/api/inventory",
                     "/api/inventory/restock", "/api/inventory/reconciliation", "/api/kpis", "/api/reports/quarterly.csv" })
        {
            paths.TryGetProperty(path, out _).ShouldBeTrue(path);
        }

        paths.GetProperty("/api/orders/{id}/cancel").GetProperty("post").GetProperty("responses").TryGetProperty("409", out _).ShouldBeTrue();
    }

    private async Task<int> OnHandAsync(string sku, string warehouse) =>
        (await Admin.GetFromJsonAsync<JsonElement>($"/api/inventory?sku={sku}&warehouse={warehouse}")).EnumerateArray().Sum(r => r.GetProperty("onHand").GetInt32());
}
