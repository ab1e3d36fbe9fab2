using Fulfillment.Server.Identity;
using Fulfillment.Studio.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Fulfillment.Studio.Tests;

/// <summary>Approvers and warehouse staff in the inbox and on the task page, in a real browser.</summary>
[Collection(StudioTestGroup.Name)]
public sealed class InboxTests(StudioFixture studio)
{
    [BrowserFact]
    public async Task The_manager_sees_the_approval_with_the_submitted_data_approves_it_and_the_instance_moves_on()
    {
        var order = OpsScenario.NewOrder();
        var instance = await OpsScenario.ReadyForApprovalAsync(studio.Server, order);
        await using var manager = await studio.OpenAsync();
        var page = manager.Page;
        await manager.SignInAsync(OpsScenario.Manager);

        await manager.OpenInboxAsync(order);
        await Assertions.Expect(page.TaskLink("Approve the pick")).ToBeVisibleAsync();
        await manager.ScreenshotAsync("inbox-manager");
        await page.TaskLink("Approve the pick").ClickAsync();

        var submitted = page.GetByTestId("submitted-task");
        await Assertions.Expect(submitted).ToHaveCountAsync(2);
        await Assertions.Expect(submitted.Nth(0)).ToContainTextAsync("Check product availability");
        await Assertions.Expect(submitted.Nth(0)).ToContainTextAsync("Check Shelf B");
        await Assertions.Expect(submitted.Nth(0)).ToContainTextAsync($"By {OpsScenario.Staff}");
        await Assertions.Expect(submitted.Nth(1)).ToContainTextAsync("Quantity");
        await Assertions.Expect(submitted.Nth(1)).ToContainTextAsync("2");
        await manager.ScreenshotAsync("task-approval");

        await page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("task-done")).ToContainTextAsync("“Approve the pick” approved. It has left your inbox.");
        await manager.ScreenshotAsync("task-approved");

        await manager.OpenInboxAsync(order);
        await Assertions.Expect(page.GetByTestId("inbox-empty")).ToBeVisibleAsync();

        await page.GotoAsync($"instances/{instance}");
        await manager.WaitUntilInteractiveAsync();
        var checklist = page.GetByTestId("checklist");
        await Assertions.Expect(checklist.Locator("li[data-activity='approve']")).ToHaveAttributeAsync("data-status", "Done");
        await Assertions.Expect(checklist.Locator("li[data-activity='approve']")).ToContainTextAsync($"by {OpsScenario.Manager}");
        await Assertions.Expect(checklist.Locator("li[data-activity='pack']")).ToHaveAttributeAsync("data-status", "Waiting");
        await Assertions.Expect(checklist.Locator("li[data-activity='done']")).ToHaveAttributeAsync("data-status", "NotReached");
        await Assertions.Expect(page.Locator("[data-testid='workflow-graph'] g[data-node='pack']")).ToHaveAttributeAsync("data-status", "Waiting");
        await Assertions.Expect(page.Locator("[data-testid='workflow-graph'] g.edge.taken[data-edge='approve|Approved|pack']")).ToHaveCountAsync(1);
        await manager.ScreenshotAsync("instance-viewer");
    }

    [BrowserFact]
    public async Task Changes_requested_go_back_to_staff_prefilled_and_the_manager_sees_round_two()
    {
        var order = OpsScenario.NewOrder();
        await OpsScenario.ReadyForApprovalAsync(studio.Server, order);

        await using (var manager = await studio.OpenAsync())
        {
            var page = manager.Page;
            await manager.SignInAsync(OpsScenario.Manager);
            await manager.OpenInboxAsync(order);
            await page.TaskLink("Approve the pick").ClickAsync();
            await Assertions.Expect(page.GetByTestId("submitted-task")).ToHaveCountAsync(2);

            // Without a comment the server refuses, and says so under the comment box.
            await page.GetByRole(AriaRole.Button, new() { Name = "Request changes" }).ClickAsync();
            await Assertions.Expect(page.GetByText("A comment is required to choose ChangesRequested.")).ToBeVisibleAsync();

            // The keyboard alone: type the comment, move to the button, press Enter.
            await page.GetByLabel("Comment").FocusAsync();
            await page.Keyboard.TypeAsync("Shelf C holds this item");
            await page.GetByRole(AriaRole.Button, new() { Name = "Request changes" }).FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.GetByTestId("task-done")).ToContainTextAsync("Changes requested");
        }

        await using (var staff = await studio.OpenAsync())
        {
            var page = staff.Page;
            await staff.SignInAsync(OpsScenario.Staff);
            await staff.OpenInboxAsync(order);
            await Assertions.Expect(page.GetByTestId("task-link")).ToHaveCountAsync(2);
            await Assertions.Expect(page.GetByText("Round 2")).ToHaveCountAsync(2);
            await staff.ScreenshotAsync("inbox-staff-reopened");

            await page.TaskLink("Check product availability").ClickAsync();
            await Assertions.Expect(page.GetByTestId("task-round")).ToHaveTextAsync("Round 2");
            await Assertions.Expect(page.Locator("#field-shelf")).ToHaveValueAsync("Check Shelf B");
            await page.ChooseAsync("Shelf", "Check Shelf C");
            await staff.ScreenshotAsync("task-form-prefilled");
            await page.GetByRole(AriaRole.Button, new() { Name = "Complete" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("task-done")).ToBeVisibleAsync();

            await staff.OpenInboxAsync(order);
            await page.TaskLink("Pick product from shelf").ClickAsync();
            await Assertions.Expect(page.GetByLabel("Quantity")).ToHaveValueAsync("2");
            await page.GetByRole(AriaRole.Button, new() { Name = "Complete" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("task-done")).ToBeVisibleAsync();
        }

        await using (var manager = await studio.OpenAsync())
        {
            var page = manager.Page;
            await manager.SignInAsync(OpsScenario.Manager);
            await manager.OpenInboxAsync(order);
            await Assertions.Expect(page.GetByText("Round 2")).ToBeVisibleAsync();
            await page.TaskLink("Approve the pick").ClickAsync();
            await Assertions.Expect(page.GetByTestId("task-round")).ToHaveTextAsync("Round 2");
            await Assertions.Expect(page.GetByTestId("submitted-task").Nth(0)).ToContainTextAsync("Check Shelf C");
            await manager.ScreenshotAsync("task-approval-round-2");
        }
    }

    [BrowserFact]
    public async Task Someone_without_the_role_neither_sees_the_approval_nor_can_open_it()
    {
        var order = OpsScenario.NewOrder();
        var instance = await OpsScenario.ReadyForApprovalAsync(studio.Server, order);
        using var managerApi = await ServerApi.SignInAsync(studio.Server, OpsScenario.Manager);
        var approval = await managerApi.TaskIdAsync(instance, "approve");

        await using var outsider = await studio.OpenAsync();
        var page = outsider.Page;
        await outsider.SignInAsync(DemoUsers.EmailFor(Roles.CustomerService));
        await outsider.OpenInboxAsync(order);
        await Assertions.Expect(page.GetByTestId("inbox-empty")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("task-link")).ToHaveCountAsync(0);

        await page.GotoAsync($"inbox/{approval}");
        await Assertions.Expect(page.GetByTestId("task-problem")).ToContainTextAsync("not yours to open");
        await outsider.ScreenshotAsync("task-forbidden");
    }

    [BrowserFact]
    public async Task A_task_started_through_the_api_appears_in_an_open_inbox_without_a_reload_overdue_ones_first()
    {
        var order = OpsScenario.NewOrder();
        await OpsScenario.EnsurePublishedAsync(studio.Server);
        await using var manager = await studio.OpenAsync();
        var page = manager.Page;
        await manager.SignInAsync(OpsScenario.Manager);
        await manager.OpenInboxAsync(order);
        await Assertions.Expect(page.GetByTestId("inbox-empty")).ToBeVisibleAsync();
        var overdueBefore = int.Parse((await page.GetByTestId("count-overdue").TextContentAsync())!.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);

        using (var admin = await ServerApi.SignInAsync(studio.Server, DemoUsers.AdminEmail))
        {
            await admin.PublishAsync(OverdueCheck);
            await admin.StartAsync("studio-overdue-check", order);
        }

        await OpsScenario.ReadyForApprovalAsync(studio.Server, order);

        // No reload: the server pushed both tasks into the page.
        var links = page.GetByTestId("task-link");
        await Assertions.Expect(links).ToHaveCountAsync(2);
        await Assertions.Expect(links.Nth(0)).ToHaveTextAsync("Recount the damaged shelf");
        await Assertions.Expect(page.GetByTestId("overdue")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("count-overdue")).ToHaveTextAsync($"{overdueBefore + 1} overdue");
        await manager.ScreenshotAsync("inbox-live-overdue");

        await page.GetByLabel("Due", new() { Exact = true }).ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "Overdue" }).ClickAsync();
        await Assertions.Expect(links).ToHaveCountAsync(1);
    }

    [BrowserFact]
    public async Task The_servers_validation_messages_show_under_each_field()
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
        await page.GetByRole(AriaRole.Button, new() { Name = "Claim" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("task-holder")).ToHaveTextAsync("You");

        await page.GetByRole(AriaRole.Button, new() { Name = "Complete" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Is required")).ToHaveCountAsync(2);
        await staff.ScreenshotAsync("task-form-errors");

        await page.ChooseAsync("Category", "Clothing");
        await page.ChooseAsync("Shelf", "Check Shelf A");
        await page.GetByLabel("Note").FillAsync("Two left");
        await page.GetByRole(AriaRole.Button, new() { Name = "Complete" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("task-done")).ToContainTextAsync("“Check product availability” completed.");
    }

    private const string OverdueCheck = """
        {
          "schemaVersion": 1, "id": "studio-overdue-check", "name": "Overdue recount",
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "recount", "type": "UserTask",
              "inputs": { "title": "Recount the damaged shelf", "role": "Warehouse Manager",
                "dueAt": { "expr": "new Date(Date.now() - 2 * 3600 * 1000).toISOString()" } } }
          ],
          "connections": [ { "from": "start", "to": "recount" } ]
        }
        """;
}
