using System.Text.RegularExpressions;
using Fulfillment.Studio.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Fulfillment.Studio.Tests;

/// <summary>The order desk in the Studio: finding an order placed through the API, reading it, cancelling it.</summary>
[Collection(StudioTestGroup.Name)]
public sealed class OrdersTests(StudioFixture studio)
{
    [BrowserFact]
    public async Task An_order_placed_through_the_api_is_found_by_customer_and_shows_its_lines_allocations_history_and_emails()
    {
        var number = OpsScenario.NewOrder();
        var (orderId, instanceId) = await OrderScenario.PlaceAsync(studio.Server, number, quantity: 3);
        await OrderScenario.ReserveAsync(studio.Server, orderId);

        await using var desk = await studio.OpenSignedInAsync(OrderScenario.CustomerService);
        var page = desk.Page;
        await page.GetByRole(AriaRole.Link, new() { Name = "Orders" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Orders", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("Order number or customer").FillAsync(OrderScenario.CustomerEmail(number));
        await page.GetByLabel("Order number or customer").PressAsync("Enter");
        var rows = page.GetByTestId("orders-table").Locator("tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows).ToContainTextAsync(number);
        await Assertions.Expect(page.GetByTestId("orders-range")).ToHaveTextAsync("Orders 1–1 of 1");
        await desk.ScreenshotAsync("orders-list");

        await page.GetByRole(AriaRole.Link, new() { Name = number }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Order {number}" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("order-facts")).ToContainTextAsync("12 Analytical Row, 60601 Chicago, IL, US");
        await Assertions.Expect(page.GetByTestId("order-facts")).ToContainTextAsync("Gift wrapping");
        var line = page.GetByTestId("order-lines").Locator($"tr[data-sku='{OrderScenario.Sku}']");
        await Assertions.Expect(line).ToContainTextAsync("Cotton T-Shirt");
        await Assertions.Expect(line.GetByTestId("allocation")).ToHaveTextAsync(new Regex(@"^CHI B-\d+ × 3 \(reserved\)$"));
        await Assertions.Expect(page.GetByTestId("status-history")).ToContainTextAsync("Order placed");
        await Assertions.Expect(page.GetByTestId("shipments")).ToContainTextAsync("No shipment yet");
        await Assertions.Expect(page.GetByTestId("documents")).ToContainTextAsync("No document filed yet");
        // The workflow's confirmation e-mail to the customer, read from the outbox.
        await Assertions.Expect(page.GetByTestId("customer-emails").Locator("tbody tr")).Not.ToHaveCountAsync(0);
        await desk.ScreenshotAsync("order-detail");

        await page.GetByTestId("instance-link").ClickAsync();
        await page.WaitForURLAsync($"**/instances/{instanceId}");
        await Assertions.Expect(page.GetByTestId("instance-facts")).ToContainTextAsync(number);
    }

    [BrowserFact]
    public async Task Customer_service_records_a_payment_and_cancels_an_order_whose_stock_is_released()
    {
        var number = OpsScenario.NewOrder();
        var (orderId, _) = await OrderScenario.PlaceAsync(studio.Server, number);
        await OrderScenario.ReserveAsync(studio.Server, orderId);

        await using var desk = await studio.OpenSignedInAsync(OrderScenario.CustomerService);
        var page = desk.Page;
        await page.GotoAsync($"orders/{orderId}");
        await desk.WaitUntilInteractiveAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Record payment" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Pending" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("payment-status")).ToHaveTextAsync("Pending");

        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel order…" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Reason").FillAsync("Customer changed their mind");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel order" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("order-status")).ToHaveTextAsync("Cancelled");
        await Assertions.Expect(page.GetByTestId("status-history")).ToContainTextAsync("Customer changed their mind");
        await Assertions.Expect(page.GetByTestId("line-stock")).ToContainTextAsync("Released");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel order…" })).ToHaveCountAsync(0);
        await desk.ScreenshotAsync("order-cancelled");
    }

    [BrowserFact]
    public async Task Warehouse_staff_read_an_order_but_get_no_order_desk_actions()
    {
        var number = OpsScenario.NewOrder();
        var (orderId, _) = await OrderScenario.PlaceAsync(studio.Server, number);

        await using var staff = await studio.OpenSignedInAsync(OrderScenario.WarehouseStaff);
        var page = staff.Page;
        await page.GotoAsync($"orders/{orderId}");
        await staff.WaitUntilInteractiveAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Order {number}" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel order…" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Record payment" })).ToHaveCountAsync(0);
    }
}
