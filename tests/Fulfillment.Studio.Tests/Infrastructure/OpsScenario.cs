using Fulfillment.Server.Identity;
using Microsoft.Playwright;

namespace Fulfillment.Studio.Tests.Infrastructure;

/// <summary>
/// The pick-and-approve process the operations tests drive (a slice of seed 001): warehouse staff
/// check availability and pick, the warehouse manager approves both, then staff pack. Each test uses
/// its own order number, and filters the inbox by it, so tests sharing the server never see each other's tasks.
/// </summary>
public static class OpsScenario
{
    public const string WorkflowId = "studio-pick-approval";

    public const string Definition = """
        {
          "schemaVersion": 1, "id": "studio-pick-approval", "name": "Pick and approve",
          "variables": [ { "name": "check" }, { "name": "pick" } ],
          "activities": [
            { "id": "start", "type": "Start", "position": { "x": 0, "y": 100 } },
            { "id": "check", "type": "UserTask", "name": "Check product availability", "position": { "x": 220, "y": 100 },
              "inputs": { "title": "Check product availability", "role": "Warehouse Staff", "due": "P2D",
                "form": [
                  { "name": "category", "label": "Category", "type": "Dropdown", "required": true, "options": [ "Electronics", "Clothing", "Home Decor" ] },
                  { "name": "shelf", "label": "Shelf", "type": "Dropdown", "required": true, "options": [ "Check Shelf A", "Check Shelf B", "Check Shelf C" ] },
                  { "name": "note", "label": "Note", "type": "Textarea" } ] },
              "outputs": { "data": "check" } },
            { "id": "pick", "type": "UserTask", "name": "Pick product from shelf", "position": { "x": 440, "y": 100 },
              "inputs": { "title": "Pick product from shelf", "role": "Warehouse Staff",
                "form": [ { "name": "quantity", "label": "Quantity", "type": "Number", "required": true } ] },
              "outputs": { "data": "pick" } },
            { "id": "approve", "type": "Approval", "name": "Approval: Warehouse Manager", "position": { "x": 660, "y": 100 },
              "inputs": { "title": "Approve the pick", "approverRole": "Warehouse Manager", "submits": [ "check", "pick" ], "due": "PT4H" } },
            { "id": "pack", "type": "UserTask", "name": "Pack product for shipment", "position": { "x": 880, "y": 100 },
              "inputs": { "title": "Pack product for shipment", "role": "Warehouse Staff",
                "form": [ { "name": "materials", "label": "Materials", "type": "MultipleChoice", "required": true,
                  "options": [ "Bubble wrap", "Packing peanuts", "Cardboard box", "Foam inserts" ] },
                  { "name": "fragile", "label": "Fragile", "type": "Checkbox" } ] } },
            { "id": "done", "type": "End", "name": "Order packed", "position": { "x": 1100, "y": 100 } },
            { "id": "rejected", "type": "End", "name": "Pick rejected", "position": { "x": 880, "y": 260 } }
          ],
          "connections": [
            { "from": "start", "to": "check" }, { "from": "check", "to": "pick" }, { "from": "pick", "to": "approve" },
            { "from": "approve", "outcome": "Approved", "to": "pack" }, { "from": "approve", "outcome": "Rejected", "to": "rejected" },
            { "from": "pack", "to": "done" }
          ]
        }
        """;

    public static readonly string Staff = DemoUsers.EmailFor(Roles.WarehouseStaff);
    public static readonly string Manager = DemoUsers.EmailFor(Roles.WarehouseManager);

    private static readonly SemaphoreSlim Publishing = new(1, 1);
    private static bool _published;

    /// <summary>A fresh order number, e.g. <c>SO-3FA91C</c>.</summary>
    public static string NewOrder() => $"SO-{Guid.NewGuid():N}"[..9].ToUpperInvariant();

    /// <summary>Publishes the workflow once per test run (the server is shared).</summary>
    public static async Task EnsurePublishedAsync(StudioServer server)
    {
        await Publishing.WaitAsync();
        try
        {
            if (!_published)
            {
                using var admin = await ServerApi.SignInAsync(server, DemoUsers.AdminEmail);
                await admin.PublishAsync(Definition);
                _published = true;
            }
        }
        finally
        {
            Publishing.Release();
        }
    }

    /// <summary>Starts an order and has staff do the check and the pick through the API: the approval is open.</summary>
    public static async Task<string> ReadyForApprovalAsync(StudioServer server, string order, string shelf = "Check Shelf B")
    {
        await EnsurePublishedAsync(server);
        using var staff = await ServerApi.SignInAsync(server, Staff);
        var instance = await staff.StartAsync(WorkflowId, order);
        await staff.CompleteAsync(await staff.TaskIdAsync(instance, "check"), new { data = new { category = "Electronics", shelf } });
        await staff.CompleteAsync(await staff.TaskIdAsync(instance, "pick"), new { data = new { quantity = 2 } });
        return instance;
    }

    /// <summary>Opens the inbox filtered to one order.</summary>
    public static async Task OpenInboxAsync(this StudioPage studioPage, string order)
    {
        ArgumentNullException.ThrowIfNull(studioPage);
        await studioPage.Page.GotoAsync($"inbox?order={Uri.EscapeDataString(order)}");
        await studioPage.WaitUntilInteractiveAsync();
        await Assertions.Expect(studioPage.Page.GetByLabel("Order or correlation id")).ToHaveValueAsync(order);
    }

    /// <summary>The inbox's link to a task, by its title.</summary>
    public static ILocator TaskLink(this IPage page, string title) =>
        page.GetByTestId("task-link").Filter(new() { HasText = title });

    /// <summary>Picks an option of a MudBlazor select, as a person does: open it, click the option.</summary>
    public static async Task ChooseAsync(this IPage page, string label, string option)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GetByLabel(label, new() { Exact = true }).ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = option }).First.ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }
}
