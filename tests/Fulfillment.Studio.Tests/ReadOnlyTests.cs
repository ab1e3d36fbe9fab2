using Fulfillment.Server.Identity;
using Fulfillment.Studio.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Fulfillment.Studio.Tests;

/// <summary>Users without Admin or Process Owner see the workflows but change nothing.</summary>
[Collection(StudioTestGroup.Name)]
public sealed class ReadOnlyTests(StudioFixture studio)
{
    private static readonly string WarehouseStaff = DemoUsers.EmailFor(Roles.WarehouseStaff);

    [BrowserFact]
    public async Task Warehouse_staff_see_the_list_without_any_edit_action()
    {
        await using var studioPage = await studio.OpenSignedInAsync(WarehouseStaff);
        var page = studioPage.Page;

        var table = page.GetByRole(AriaRole.Table, new() { Name = "Workflows" });
        await Assertions.Expect(table).ToContainTextAsync("Payment confirmation");
        await Assertions.Expect(page.GetByTestId("read-only")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "New workflow" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Import JSON" })).ToHaveCountAsync(0);
        await Assertions.Expect(table.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^(Clone|Delete)") })).ToHaveCountAsync(0);
        // Reading stays possible.
        await Assertions.Expect(table.GetByRole(AriaRole.Button, new() { Name = "Export Payment confirmation" })).ToBeVisibleAsync();
        await studioPage.ScreenshotAsync("workflows-read-only");
    }

    [BrowserFact]
    public async Task Warehouse_staff_cannot_change_definitions_through_the_api_with_their_studio_cookie()
    {
        await using var studioPage = await studio.OpenSignedInAsync(WarehouseStaff);
        var api = studioPage.Page.Context.APIRequest;

        (await api.DeleteAsync("api/workflows/payment-confirmation/draft")).Status.ShouldBe(403);
        (await api.PostAsync("api/workflows/payment-confirmation/clone", new() { DataObject = new { id = "sneaky", name = "Sneaky" } })).Status.ShouldBe(403);
        (await api.PostAsync("api/workflows/payment-confirmation/publish")).Status.ShouldBe(403);
    }
}
