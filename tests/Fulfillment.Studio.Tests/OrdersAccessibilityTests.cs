using Fulfillment.Server.Identity;
using Fulfillment.Studio.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Fulfillment.Studio.Tests;

/// <summary>axe-core finds no serious or critical problem on the orders (with the new order form), inventory and dashboard screens, and they work from the keyboard.</summary>
[Collection(StudioTestGroup.Name)]
public sealed class OrdersAccessibilityTests(StudioFixture studio)
{
    [BrowserFact]
    public async Task The_orders_inventory_and_dashboard_screens_pass_axe_with_every_action_shown()
    {
        var number = OpsScenario.NewOrder();
        var (orderId, _) = await OrderScenario.PlaceAsync(studio.Server, number);
        await OrderScenario.ReserveAsync(studio.Server, orderId);

        // The admin holds every policy, so every button and dialog is on the page.
        await using var admin = await studio.OpenSignedInAsync(DemoUsers.AdminEmail);
        var page = admin.Page;

        await page.GotoAsync($"orders?search={number}");
        await admin.WaitUntilInteractiveAsync();
        await Assertions.Expect(page.GetByTestId("orders-table").Locator("tbody tr")).ToHaveCountAsync(1);
        (await Axe.SeriousViolationsAsync(page)).ShouldBeEmpty();

        // The new order form, empty and then with the server's problems under its fields; Escape closes it.
        await page.GetByRole(AriaRole.Button, new() { Name = "New order" }).ClickAsync();
        var newOrder = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(newOrder.GetByLabel("Line 1: product")).ToBeVisibleAsync();
        (await Axe.SeriousViolationsAsync(page)).ShouldBeEmpty();
        await newOrder.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await Assertions.Expect(newOrder.GetByText("The customer's name is required.")).ToBeVisibleAsync();
        await Assertions.Expect(newOrder.GetByText("The SKU is required.")).ToBeVisibleAsync();
        (await Axe.SeriousViolationsAsync(page)).ShouldBeEmpty();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);

        // From the list to the order with the keyboard.
        await page.GetByRole(AriaRole.Link, new() { Name = number }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("order-lines")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel order…" })).ToBeVisibleAsync();
        (await Axe.SeriousViolationsAsync(page)).ShouldBeEmpty();

        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel order…" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        (await Axe.SeriousViolationsAsync(page)).ShouldBeEmpty();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);

        await page.GotoAsync("inventory");
        await admin.WaitUntilInteractiveAsync();
        await Assertions.Expect(page.GetByTestId("stock-row").First).ToBeVisibleAsync();
        (await Axe.SeriousViolationsAsync(page)).ShouldBeEmpty();

        // The restock dialog opens from the keyboard and closes with Escape.
        await page.GetByRole(AriaRole.Button, new() { Name = "Restock EL-1001 at CHI A-01" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        (await Axe.SeriousViolationsAsync(page)).ShouldBeEmpty();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Tab, new() { Name = "Reconciliation" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("reconciliation")).ToBeVisibleAsync();
        // The panel fades in: measured mid-fade its text would seem too faint.
        await page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running')");
        (await Axe.SeriousViolationsAsync(page)).ShouldBeEmpty();

        await page.GotoAsync("dashboard");
        await admin.WaitUntilInteractiveAsync();
        await Assertions.Expect(page.GetByTestId("chart-stages").Locator("svg").First).ToBeVisibleAsync();
        (await Axe.SeriousViolationsAsync(page)).ShouldBeEmpty();
    }
}
