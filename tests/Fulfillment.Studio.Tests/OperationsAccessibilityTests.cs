using Fulfillment.Studio.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Fulfillment.Studio.Tests;

/// <summary>axe-core finds no serious or critical problem on the inbox, the task pages and the instance viewer.</summary>
[Collection(StudioTestGroup.Name)]
public sealed class OperationsAccessibilityTests(StudioFixture studio)
{
    [BrowserFact]
    public async Task The_inbox_the_task_pages_and_the_instance_viewer_pass_axe()
    {
        var order = OpsScenario.NewOrder();
        var instance = await OpsScenario.ReadyForApprovalAsync(studio.Server, order);
        await using var manager = await studio.OpenAsync();
        var page = manager.Page;
        await manager.SignInAsync(OpsScenario.Manager);

        await manager.OpenInboxAsync(order);
        await Assertions.Expect(page.TaskLink("Approve the pick")).ToBeVisibleAsync();
        (await Axe.SeriousViolationsAsync(page)).ShouldBeEmpty();

        // From the inbox to the task with the keyboard: the link takes focus and Enter follows it.
        await page.TaskLink("Approve the pick").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("submitted-task")).ToHaveCountAsync(2);
        (await Axe.SeriousViolationsAsync(page)).ShouldBeEmpty();

        await page.GotoAsync($"instances/{instance}");
        await manager.WaitUntilInteractiveAsync();
        await Assertions.Expect(page.GetByTestId("checklist")).ToBeVisibleAsync();
        (await Axe.SeriousViolationsAsync(page)).ShouldBeEmpty();

        await page.GotoAsync("instances");
        await manager.WaitUntilInteractiveAsync();
        await Assertions.Expect(page.GetByTestId("instances-table")).ToBeVisibleAsync();
        (await Axe.SeriousViolationsAsync(page)).ShouldBeEmpty();
    }

    [BrowserFact]
    public async Task A_task_form_showing_the_servers_errors_passes_axe()
    {
        var order = OpsScenario.NewOrder();
        await OpsScenario.EnsurePublishedAsync(studio.Server);
        using (var staffApi = await ServerApi.SignInAsync(studio.Server, OpsScenario.Staff))
        {
            await staffApi.StartAsync(OpsScenario.WorkflowId, order);
        }

        await using var staff = await studio.OpenAsync();
        var page = staff.Page;
        await staff.SignInAsync(OpsScenario.Staff);
        await staff.OpenInboxAsync(order);
        await page.TaskLink("Check product availability").ClickAsync();
        await Assertions.Expect(page.GetByTestId("task-form")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Complete" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Is required")).ToHaveCountAsync(2);

        (await Axe.SeriousViolationsAsync(page)).ShouldBeEmpty();
    }
}
