using Fulfillment.Server.Identity;
using Fulfillment.Studio.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Fulfillment.Studio.Tests;

/// <summary>
/// The Studio's "done when": a seed-001 order (the real <c>workflows/order-to-delivery.json</c>) goes
/// from placement to completion entirely in the browser, each role signing in in its own browser and
/// doing its task from the inbox, with only the simulated clock moved through the API. Meanwhile an
/// operator's instance viewer, the dashboard and the inventory stay open and follow without a reload.
/// </summary>
[Collection(SimulatedClockStudioTestGroup.Name)]
public sealed class OrderToDeliveryTests(SimulatedClockStudioFixture studio)
{
    // One shelf location only (CHI, 18 on hand in the demo data), so its row is the whole story.
    private const string Sku = "HD-3001";

    [BrowserFact]
    public async Task A_seed_001_order_is_placed_and_driven_to_completed_role_by_role_while_the_open_viewer_dashboard_and_inventory_follow()
    {
        var number = OpsScenario.NewOrder();

        // Watching from the start, never reloaded: the dashboard and the stock of the ordered product.
        await using var dashboard = await studio.OpenSignedInAsync(DemoUsers.EmailFor(Roles.WarehouseManager));
        await dashboard.Page.GotoAsync("dashboard");
        await dashboard.WaitUntilInteractiveAsync();
        var stages = dashboard.Page.GetByTestId("chart-stages");
        await Assertions.Expect(stages).ToContainTextAsync("No order was placed in this period.");

        await using var inventory = await studio.OpenSignedInAsync(DemoUsers.EmailFor(Roles.WarehouseManager));
        await inventory.Page.GotoAsync("inventory");
        await inventory.WaitUntilInteractiveAsync();
        var stock = inventory.Page.Locator($"tr[data-testid='stock-row'][data-sku='{Sku}']");
        await Assertions.Expect(stock.GetByTestId("on-hand")).ToHaveTextAsync("18");
        await Assertions.Expect(stock.GetByTestId("reserved")).ToHaveTextAsync("0");

        var (orderId, instanceId) = await PlaceInTheBrowserAsync(number);

        await using var viewer = await studio.OpenSignedInAsync(DemoUsers.EmailFor(Roles.ProcessOwner));
        await viewer.Page.GotoAsync($"instances/{instanceId}");
        await viewer.WaitUntilInteractiveAsync();
        var checklist = viewer.Page.GetByTestId("checklist");
        await ExpectStepAsync(checklist, "confirm", "Done");
        await ExpectStepAsync(checklist, "verify", "Waiting");
        await Assertions.Expect(stages.Locator("tbody tr")).ToHaveCountAsync(1);
        await viewer.ScreenshotAsync("done-when-viewer-placed");
        await dashboard.ScreenshotAsync("done-when-dashboard-placed");

        await DoTaskAsync(Roles.WarehouseStaff, number, "verify", async page =>
        {
            await page.GetByTestId("field-inStock").GetByRole(AriaRole.Checkbox).CheckAsync();
            await page.GetByTestId("field-shelves").GetByLabel("Shelf A").CheckAsync();
        });
        await ExpectStepAsync(checklist, "verify", "Done");
        await ExpectStepAsync(checklist, "approve-verification", "Waiting");

        await ApproveAsync(Roles.OrderVerification, number, "approve-verification");
        await ExpectStepAsync(checklist, "allocate", "Done");
        await ExpectStepAsync(checklist, "pack", "Waiting");
        await Assertions.Expect(stock.GetByTestId("reserved")).ToHaveTextAsync("2");
        await inventory.ScreenshotAsync("done-when-inventory-reserved");

        await DoTaskAsync(Roles.WarehouseStaff, number, "pack", async page =>
        {
            await page.GetByTestId("field-materials").GetByLabel("Bubble wrap").CheckAsync();
            await page.GetByTestId("field-materials").GetByLabel("Cardboard box").CheckAsync();
            await page.GetByTestId("field-specialRequirements").GetByLabel("Gift wrapping").CheckAsync();
        });
        await ExpectStepAsync(checklist, "label", "Done");
        await ExpectStepAsync(checklist, "transport", "Waiting");

        await DoTaskAsync(Roles.WarehouseStaff, number, "transport", page => page.ChooseAsync("Shipping service", "Express Shipping"));
        await ExpectStepAsync(checklist, "approve-shipment", "Waiting");

        await ApproveAsync(Roles.ShipmentDetails, number, "approve-shipment");
        await ExpectStepAsync(checklist, "book", "Done");
        await ExpectStepAsync(checklist, "ship", "Waiting");

        await DoTaskAsync(Roles.WarehouseStaff, number, "ship", async page =>
        {
            await page.GetByTestId("field-handedOver").GetByRole(AriaRole.Checkbox).CheckAsync();
            await page.GetByTestId("field-documents").GetByLabel("Shipping label").CheckAsync();
            await page.GetByTestId("field-documents").GetByLabel("Invoice").CheckAsync();
        });
        await ExpectStepAsync(checklist, "commit-stock", "Done");
        await ExpectStepAsync(checklist, "track", "Waiting");
        await Assertions.Expect(stock.GetByTestId("on-hand")).ToHaveTextAsync("16");
        await Assertions.Expect(stock.GetByTestId("reserved")).ToHaveTextAsync("0");
        await Assertions.Expect(dashboard.Page.GetByTestId("kpi-processing")).ToContainTextAsync("average of 1 order(s)");
        await Assertions.Expect(stages.Locator("tbody tr")).ToContainTextAsync("Shipped");
        await inventory.ScreenshotAsync("done-when-inventory-shipped");

        await DoTaskAsync(Roles.CustomerService, number, "track",
            page => page.GetByTestId("field-channels").GetByLabel("Email Notifications").CheckAsync());
        await ApproveAsync(Roles.TrackingConfirmation, number, "approve-tracking");
        await ExpectStepAsync(checklist, "approve-tracking", "Done");
        await ExpectStepAsync(checklist, "delivery", "Waiting");
        await viewer.ScreenshotAsync("done-when-viewer-awaiting-delivery");

        // The carrier collects express parcels within the hour and delivers a day later.
        using var clock = await ServerApi.SignInAsync(studio.Server, DemoUsers.AdminEmail);
        await clock.AdvanceClockAsync("P2D");
        await ExpectStepAsync(checklist, "delivery", "Done");
        await ExpectStepAsync(checklist, "completed", "Done");
        await Assertions.Expect(stages.Locator("tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(stages.Locator("tbody tr")).ToContainTextAsync("Completed");
        await Assertions.Expect(dashboard.Page.GetByTestId("kpi-delivery")).ToContainTextAsync("average of 1 order(s)");
        await dashboard.ScreenshotAsync("done-when-dashboard-completed");

        // The feedback request goes out three days after completion; then the instance ends.
        await clock.AdvanceClockAsync("P3D");
        await ExpectStepAsync(checklist, "feedback", "Done");
        await ExpectStepAsync(checklist, "end", "Done");
        await Assertions.Expect(viewer.Page.GetByTestId("instance-status")).ToHaveTextAsync("Completed");
        await viewer.ScreenshotAsync("done-when-viewer-completed");

        await using var desk = await studio.OpenSignedInAsync(DemoUsers.EmailFor(Roles.CustomerService));
        await desk.Page.GotoAsync($"orders/{orderId}");
        await desk.WaitUntilInteractiveAsync();
        await Assertions.Expect(desk.Page.GetByTestId("order-status")).ToHaveTextAsync("Completed");
        await desk.ScreenshotAsync("done-when-order-completed");
    }

    // Customer Service places the order with the "New order" form; a wrong e-mail address comes back
    // from the server under its field first.
    private async Task<(int OrderId, string InstanceId)> PlaceInTheBrowserAsync(string number)
    {
        await using var desk = await studio.OpenSignedInAsync(DemoUsers.EmailFor(Roles.CustomerService));
        var page = desk.Page;
        await page.GotoAsync("orders");
        await desk.WaitUntilInteractiveAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "New order" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Order number").FillAsync(number);
        await dialog.GetByLabel("Customer name").FillAsync("Grace Hopper");
        await dialog.GetByLabel("Customer e-mail").FillAsync("grace.example.test");
        await dialog.GetByLabel("Street").FillAsync("1 Navy Yard");
        await dialog.GetByLabel("City").FillAsync("Arlington");
        await dialog.GetByLabel("Postal code").FillAsync("22202");
        await dialog.GetByLabel("State or region").FillAsync("VA");
        await page.ChooseAsync("Line 1: product", Sku);
        await dialog.GetByLabel("Line 1: quantity").FillAsync("2");
        await page.ChooseAsync("Shipping method", "Express");
        await dialog.GetByLabel("Gift wrapping").CheckAsync();
        await dialog.GetByLabel("Customized message").FillAsync("Happy birthday!");

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await Assertions.Expect(dialog.GetByText("'grace.example.test' is not an email address.")).ToBeVisibleAsync();
        await desk.ScreenshotAsync("done-when-new-order-problem");

        await dialog.GetByLabel("Customer e-mail").FillAsync("grace@example.test");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await page.WaitForURLAsync("**/orders/*");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Order {number}" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("order-facts")).ToContainTextAsync("Gift wrapping");
        await Assertions.Expect(page.GetByTestId("order-facts")).ToContainTextAsync("Happy birthday!");
        await desk.ScreenshotAsync("done-when-order-placed");

        var orderId = int.Parse(page.Url[(page.Url.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var instanceLink = page.GetByTestId("instance-link");
        await Assertions.Expect(instanceLink).ToBeVisibleAsync();
        var href = await instanceLink.GetAttributeAsync("href") ?? string.Empty;
        return (orderId, href[(href.LastIndexOf('/') + 1)..]);
    }

    private Task ApproveAsync(string role, string order, string activityId) =>
        DoTaskAsync(role, order, activityId, page => page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync(), submit: false);

    // The role signs in in a browser of its own, finds the order's one task in the inbox, does it.
    private async Task DoTaskAsync(string role, string order, string activityId, Func<IPage, Task> work, bool submit = true)
    {
        await using var person = await studio.OpenSignedInAsync(DemoUsers.EmailFor(role));
        var page = person.Page;
        await person.OpenInboxAsync(order);
        await Assertions.Expect(page.GetByTestId("task-link")).ToHaveCountAsync(1);
        await page.GetByTestId("task-link").ClickAsync();
        await page.WaitForURLAsync("**/inbox/*");
        await person.WaitUntilInteractiveAsync();
        await work(page);
        await person.ScreenshotAsync($"done-when-task-{activityId}");
        if (submit)
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Complete" }).ClickAsync();
        }

        await Assertions.Expect(page.GetByTestId("task-done")).ToBeVisibleAsync();
    }

    private static Task ExpectStepAsync(ILocator checklist, string activityId, string status) =>
        Assertions.Expect(checklist.Locator($"li[data-activity='{activityId}']")).ToHaveAttributeAsync("data-status", status);
}
