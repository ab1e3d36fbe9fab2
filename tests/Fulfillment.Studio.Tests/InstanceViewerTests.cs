using Fulfillment.Server.Identity;
using Fulfillment.Studio.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Fulfillment.Studio.Tests;

/// <summary>Operators in the instance list and viewer: filters, actions, and migration with its preview.</summary>
[Collection(StudioTestGroup.Name)]
public sealed class InstanceViewerTests(StudioFixture studio)
{
    private static string Parcel(string extra, string waitId = "await-parcel", string extraConnection = "") => $$"""
        {
          "schemaVersion": 1, "id": "studio-parcel", "name": "Parcel hand-over",
          "variables": [ { "name": "orderNumber" } ],
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "{{waitId}}", "type": "WaitForEvent", "name": "Wait for the carrier pick-up",
              "inputs": { "key": { "expr": "'pickup:' + orderNumber" } } }{{extra}}
          ],
          "connections": [ { "from": "start", "to": "{{waitId}}" }{{extraConnection}} ]
        }
        """;

    [BrowserFact]
    public async Task An_operator_previews_a_migration_sees_refusals_with_reasons_and_migrates()
    {
        var order = OpsScenario.NewOrder();
        string instance;
        int landing;
        using (var admin = await ServerApi.SignInAsync(studio.Server, DemoUsers.AdminEmail))
        {
            await admin.PublishAsync(Parcel(extra: string.Empty));
            instance = await admin.StartAsync("studio-parcel", order, new { orderNumber = order });
            landing = await admin.PublishAsync(Parcel(
                extra: """, { "id": "notify", "type": "SetVariable", "name": "Note the pick-up", "inputs": { "name": "orderNumber", "value": "x" } }""",
                extraConnection: """, { "from": "await-parcel", "to": "notify" }"""));
            await admin.PublishAsync(Parcel(extra: string.Empty, waitId: "await-carrier"));
        }

        await using var operatorPage = await studio.OpenAsync();
        var page = operatorPage.Page;
        await operatorPage.SignInAsync(DemoUsers.AdminEmail);
        await page.GotoAsync("instances");
        await operatorPage.WaitUntilInteractiveAsync();
        await page.GetByLabel("Order or correlation id").FillAsync(order);
        await page.GetByLabel("Order or correlation id").PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("instances-table").Locator("tbody tr")).ToHaveCountAsync(1);
        await operatorPage.ScreenshotAsync("instances-list");
        await page.GetByRole(AriaRole.Link, new() { Name = instance }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("checklist").Locator("li[data-activity]").First).ToHaveAttributeAsync("data-status", "Waiting");
        await page.GetByRole(AriaRole.Button, new() { Name = "Migrate…" }).ClickAsync();

        // The newest version renamed the waiting step: the preview says why it cannot land.
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog.GetByTestId("migrate-problems")).ToContainTextAsync("has no activity 'await-parcel'");
        await Assertions.Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Migrate", Exact = true })).ToBeDisabledAsync();
        await operatorPage.ScreenshotAsync("migrate-refused");

        await page.ChooseAsync("Target version", $"Version {landing}");
        await Assertions.Expect(dialog.GetByTestId("migrate-landing")).ToContainTextAsync("Lands on Wait for the carrier pick-up");
        await Assertions.Expect(dialog.Locator("[data-testid='migrate-graph'] g[data-node='await-parcel']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("highlighted"));
        await operatorPage.ScreenshotAsync("migrate-preview");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Migrate", Exact = true }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("instance-facts")).ToContainTextAsync($"studio-parcel, version {landing}");
        await Assertions.Expect(page.GetByTestId("journal")).ToContainTextAsync($"Migrated from version");
        await operatorPage.ScreenshotAsync("instance-migrated");
    }

    [BrowserFact]
    public async Task Staff_see_the_instance_but_no_operator_actions()
    {
        var order = OpsScenario.NewOrder();
        var instance = await OpsScenario.ReadyForApprovalAsync(studio.Server, order);

        await using var staff = await studio.OpenAsync();
        var page = staff.Page;
        await staff.SignInAsync(OpsScenario.Staff);
        await page.GotoAsync($"instances/{instance}");
        await staff.WaitUntilInteractiveAsync();

        await Assertions.Expect(page.GetByTestId("checklist").Locator("li[data-activity='approve']")).ToHaveAttributeAsync("data-status", "Waiting");
        await Assertions.Expect(page.GetByTestId("checklist").Locator("li[data-activity='check']")).ToContainTextAsync($"by {OpsScenario.Staff}");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel instance" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Migrate…" })).ToHaveCountAsync(0);
    }
}
