using System.Globalization;
using System.Security.Claims;
using Fulfillment.Operations.Inventory;
using Fulfillment.Server.Identity;
using Fulfillment.Server.Studio.Services;
using Fulfillment.Studio.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Fulfillment.Studio.Tests;

/// <summary>The inventory screen: stock by warehouse and shelf, restocking through the dialog, the reconciliation, and who may restock.</summary>
[Collection(StudioTestGroup.Name)]
public sealed class InventoryTests(StudioFixture studio)
{
    // The table lamp: only in Seattle, and no test orders it, so its numbers are this test's alone.
    private const string Sku = "HD-3004";

    [BrowserFact]
    public async Task Warehouse_staff_restock_a_shelf_through_the_dialog_and_on_hand_goes_up_once()
    {
        await using var staff = await studio.OpenSignedInAsync(OrderScenario.WarehouseStaff);
        var page = staff.Page;
        await page.GetByRole(AriaRole.Link, new() { Name = "Inventory" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("warehouse")).ToHaveCountAsync(3);

        // The Bluetooth speaker is thin everywhere: marked low in every warehouse that has it.
        await Assertions.Expect(page.Locator("[data-testid='stock-row'][data-sku='EL-1003'][data-low='true']")).ToHaveCountAsync(3);
        await staff.ScreenshotAsync("inventory");

        await page.GetByLabel("SKU or product").FillAsync(Sku);
        var row = page.GetByTestId("stock-row");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("warehouse")).ToHaveAttributeAsync("data-warehouse", "SEA");
        var before = int.Parse(await row.GetByTestId("on-hand").InnerTextAsync(), CultureInfo.InvariantCulture);

        await row.GetByRole(AriaRole.Button, new() { Name = $"Restock {Sku} at SEA C-04" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog.GetByTestId("restock-target")).ToContainTextAsync("Table Lamp");

        // Nothing entered: the service's message appears under the field and nothing is booked.
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Book in" }).ClickAsync();
        await Assertions.Expect(dialog).ToContainTextAsync("The quantity must be at least 1.");
        await dialog.GetByLabel("Quantity received").FillAsync("7");
        await dialog.GetByLabel("Reason or delivery note").FillAsync("Delivery note 4711");
        await Assertions.Expect(dialog).Not.ToContainTextAsync("The quantity must be at least 1.");
        await staff.ScreenshotAsync("restock-dialog");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Book in" }).ClickAsync();

        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(row.GetByTestId("on-hand")).ToHaveTextAsync((before + 7).ToString(CultureInfo.InvariantCulture));
        var stored = await studio.Server.Services.GetRequiredService<InventoryService>().ListStockAsync(Sku, "SEA", CancellationToken.None);
        stored.Single().OnHand.ShouldBe(before + 7);

        // The receipt is in the books: the reconciliation still balances for the lamp.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Reconciliation" }).ClickAsync();
        await Assertions.Expect(page.Locator($"[data-testid='reconciliation-row'][data-sku='{Sku}']")).ToHaveAttributeAsync("data-matches", "true");
        await staff.ScreenshotAsync("inventory-reconciliation");
    }

    [BrowserFact]
    public async Task A_user_without_a_warehouse_role_gets_no_restock_button_and_the_service_refuses_them()
    {
        await using var desk = await studio.OpenSignedInAsync(OrderScenario.CustomerService);
        var page = desk.Page;
        await page.GotoAsync("inventory");
        await desk.WaitUntilInteractiveAsync();
        await Assertions.Expect(page.GetByTestId("stock-row").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Restock", Exact = false })).ToHaveCountAsync(0);

        // Hiding the button is not the check: the circuit's service demands the role itself.
        await using var scope = studio.Server.Services.CreateAsyncScope();
        var authentication = (IHostEnvironmentAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        var customerService = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, OrderScenario.CustomerService), new Claim(ClaimTypes.Role, Roles.CustomerService)], "Test"));
        authentication.SetAuthenticationState(Task.FromResult(new AuthenticationState(customerService)));
        var stockroom = scope.ServiceProvider.GetRequiredService<Stockroom>();
        var before = (await stockroom.ListAsync(CancellationToken.None)).Single(r => r.Sku == "EL-1004").OnHand;

        await Should.ThrowAsync<UnauthorizedAccessException>(() =>
            stockroom.RestockAsync(new RestockRequest("EL-1004", 5), Guid.NewGuid().ToString("N"), CancellationToken.None));
        (await stockroom.ListAsync(CancellationToken.None)).Single(r => r.Sku == "EL-1004").OnHand.ShouldBe(before);
    }
}
