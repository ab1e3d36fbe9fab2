using System.Text.Json;
using System.Text.Json.Nodes;
using Fulfillment.Server.Identity;
using Fulfillment.Studio.Tests.Infrastructure;
using Fulfillment.Workflows.Definitions;
using Fulfillment.Workflows.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Fulfillment.Studio.Tests.Designer;

/// <summary>
/// The designer issue's "done when": a process owner who has never seen the project signs in, opens
/// the seed-001 workflow, adds an approval step between two tasks, publishes version 2, and new
/// orders follow version 2 while running ones stay on version 1. On a server of its own (simulated
/// clock) because it publishes the order workflow every order of the server runs.
/// </summary>
[Collection(NewOrderWorkflowStudioTestGroup.Name)]
public sealed class NewVersionTests(NewOrderWorkflowStudioFixture studio)
{
    private const string WorkflowId = OrderScenario.OrderWorkflowId;

    // The new step: the warehouse manager checks the packing before the order counts as packed.
    private const string Approval = "approval";

    private IWorkflowDefinitionStore Store => studio.Server.Services.GetRequiredService<IWorkflowDefinitionStore>();

    private WorkflowInstanceQueries Instances => studio.Server.Services.GetRequiredService<WorkflowInstanceQueries>();

    [BrowserFact]
    public async Task A_process_owner_adds_an_approval_to_seed_001_and_publishes_v2_new_orders_follow_v2_running_ones_stay_on_v1()
    {
        var v1 = WorkflowDefinitionReader.Read((await Store.FindPublishedAsync(WorkflowId, null, CancellationToken.None))!.Json);
        v1.Connections.ShouldContain(c => c.From == "pack" && c.To == "packed");

        // An order placed before the change waits for its packing, on version 1.
        var (runningOrder, runningInstance) = await OrderScenario.PlaceAsync(studio.Server, "V1-1001");
        await VerifyAsync(runningInstance);
        await WaitsAtAsync(runningInstance, version: 1, "pack");

        // The process owner signs in through the login form and finds the workflow in the list.
        await using var studioPage = await studio.OpenAsync();
        await studioPage.SignInAsync(DemoUsers.EmailFor(Roles.ProcessOwner));
        var page = studioPage.Page;
        await page.SetViewportSizeAsync(1680, 1050);
        await page.GetByRole(AriaRole.Link, new() { Name = $"Open {v1.Name} in the designer" }).ClickAsync();
        await page.WaitForURLAsync($"**/workflows/{WorkflowId}/designer");
        var designer = new DesignerDriver(studioPage);
        await Assertions.Expect(designer.Canvas).ToHaveAttributeAsync("data-rendered", v1.Activities.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("version-status")).ToHaveTextAsync("Published v1");

        // Packing, found in the outline, is scrolled into view; the approval goes beside it and the next step.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Workflow" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Pack product for shipment (pack)" }).ClickAsync();
        await Assertions.Expect(designer.PropertyPanel).ToHaveAttributeAsync("data-activity-id", "pack");
        var (x, y) = await designer.CentreOfAsync("pack");
        var (_, nextY) = await designer.CentreOfAsync("packed");
        var width = (await designer.Activity("pack").Locator("rect").First.BoundingBoxAsync())!.Width;
        await designer.DropAsync("Approval", x + 1.5 * width, (y + nextY) / 2, Approval);

        // Its properties: who approves, what they see.
        var name = designer.PropertyPanel.GetByLabel("Name", new() { Exact = true });
        await name.FillAsync("Approval: Warehouse Manager (packing)");
        await name.PressAsync("Tab");
        await designer.SetExpressionAsync(Approval, "title", "'Check the packing of order ' + orderNumber");
        await designer.ChooseInputOptionsAsync("approverRole", Roles.WarehouseManager);
        await designer.ChooseInputOptionsAsync("submits", "Pack product for shipment");

        // Rewired: packing → approval → packed; a rejection sends the packing back to be redone.
        await designer.ToggleNextStepsAsync("Approved", "packed");
        await designer.ToggleNextStepsAsync("Rejected", "pack");
        await designer.SelectAsync("pack");
        await designer.ToggleNextStepsAsync("Done", "packed", Approval);
        await Assertions.Expect(designer.Connections).ToHaveCountAsync(v1.Connections.Count + 2);

        await page.GetByRole(AriaRole.Tab, new() { Name = "Problems" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("no-problems")).ToBeVisibleAsync();
        await designer.SelectAsync(Approval);
        await designer.ScreenshotAsync("designer-approval-added");

        await page.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("version-status")).ToHaveTextAsync("Published v2");

        var published = (await Store.FindPublishedAsync(WorkflowId, null, CancellationToken.None))!;
        published.Version.ShouldBe(2);
        var v2 = WorkflowDefinitionReader.Read(published.Json);
        v2.Activities.Count.ShouldBe(v1.Activities.Count + 1);
        var approval = v2.Activities.Single(a => a.Id == Approval);
        approval.Type.ShouldBe("Approval");
        approval.Inputs["approverRole"]!.GetValue<string>().ShouldBe(Roles.WarehouseManager);
        approval.Inputs["submits"]!.AsArray().Select(s => s!.GetValue<string>()).ShouldBe(["pack"]);
        var rewired = v2.Connections.Where(c => c.From is "pack" or Approval).Select(c => $"{c.From} {c.Outcome} {c.To}");
        rewired.ShouldBe(["pack Done approval", "approval Approved packed", "approval Rejected pack"], ignoreOrder: true);
        v2.Connections.Count.ShouldBe(v1.Connections.Count + 2);

        // A new order runs on version 2 and stops at the new approval, for the warehouse manager.
        var (newOrder, newInstance) = await OrderScenario.PlaceAsync(studio.Server, "V2-1001");
        await VerifyAsync(newInstance);
        await CompleteAsync(OrderScenario.WarehouseStaff, newInstance, "pack", JsonNode.Parse("""{ "data": { "materials": ["Cardboard box"] } }""")!);
        await WaitsAtAsync(newInstance, version: 2, Approval);
        using (var manager = await ServerApi.SignInAsync(studio.Server, OrderScenario.WarehouseManager))
        {
            var task = (await manager.OpenTasksAsync()).EnumerateArray().Single(t => t.GetProperty("instanceId").GetString() == newInstance);
            task.GetProperty("activityId").GetString().ShouldBe(Approval);
            task.GetProperty("kind").GetString().ShouldBe("Approval");
            task.GetProperty("role").GetString().ShouldBe(Roles.WarehouseManager);
            task.GetProperty("title").GetString().ShouldBe("Check the packing of order V2-1001");
            (await manager.OrderAsync(newOrder)).GetProperty("status").GetString().ShouldBe("Allocated");

            // Approving it moves the order on: packed, labelled, waiting for transport.
            await manager.CompleteAsync(task.GetProperty("id").GetString()!, new { outcome = "Approved" });
            (await manager.OrderAsync(newOrder)).GetProperty("status").GetString().ShouldBe("ReadyForShipment");
        }

        await WaitsAtAsync(newInstance, version: 2, "transport");

        // The order that was running goes on along version 1: no approval after its packing, to the end.
        await CompleteAsync(OrderScenario.WarehouseStaff, runningInstance, "pack", JsonNode.Parse("""{ "data": { "materials": ["Bubble wrap"] } }""")!);
        await WaitsAtAsync(runningInstance, version: 1, "transport");
        await CompleteAsync(OrderScenario.WarehouseStaff, runningInstance, "transport", new { data = new { shippingService = "Express Shipping" } });
        await CompleteAsync(DemoUsers.EmailFor(Roles.ShipmentDetails), runningInstance, "approve-shipment", new { outcome = "Approved" });
        await CompleteAsync(OrderScenario.WarehouseStaff, runningInstance, "ship", new { data = new { handedOver = true } });
        await CompleteAsync(OrderScenario.CustomerService, runningInstance, "track", JsonNode.Parse("""{ "data": { "channels": ["Email Notifications"] } }""")!);
        await CompleteAsync(DemoUsers.EmailFor(Roles.TrackingConfirmation), runningInstance, "approve-tracking", new { outcome = "Approved" });
        using var admin = await ServerApi.SignInAsync(studio.Server, DemoUsers.AdminEmail);
        await admin.AdvanceClockAsync("P2D"); // the parcel is delivered
        await admin.AdvanceClockAsync("P3D"); // the feedback request goes out

        (await admin.OrderAsync(runningOrder)).GetProperty("status").GetString().ShouldBe("Completed");
        var finished = await admin.InstanceAsync(runningInstance);
        finished.GetProperty("status").GetString().ShouldBe("Completed");
        finished.GetProperty("version").GetInt32().ShouldBe(1);
        var path = Journal(finished).Where(e => e.Kind == "ActivityStarted").Select(e => e.ActivityId).ToList();
        path.ShouldContain("pack");
        path.ShouldContain("end");
        path.ShouldNotContain(Approval);
        path[path.IndexOf("pack") + 1].ShouldBe("packed");

        // The engine's own record agrees: each instance kept the version it started on.
        (await Instances.GetAsync(runningInstance, CancellationToken.None))!.Version.ShouldBe(1);
        (await Instances.GetAsync(newInstance, CancellationToken.None))!.Version.ShouldBe(2);
    }

    /// <summary>The warehouse checks the stock and Order Verification approves it: the order is allocated and waits for packing.</summary>
    private async Task VerifyAsync(string instanceId)
    {
        await CompleteAsync(OrderScenario.WarehouseStaff, instanceId, "verify", new { data = new { inStock = true } });
        await CompleteAsync(DemoUsers.EmailFor(Roles.OrderVerification), instanceId, "approve-verification", new { outcome = "Approved" });
    }

    private async Task CompleteAsync(string email, string instanceId, string activityId, object body)
    {
        using var person = await ServerApi.SignInAsync(studio.Server, email);
        await person.CompleteAsync(await person.TaskIdAsync(instanceId, activityId), body);
    }

    /// <summary>The instance, on <paramref name="version"/>, is suspended at exactly one step: <paramref name="activityId"/>.</summary>
    private async Task WaitsAtAsync(string instanceId, int version, string activityId)
    {
        using var admin = await ServerApi.SignInAsync(studio.Server, DemoUsers.AdminEmail);
        var instance = await admin.InstanceAsync(instanceId);
        instance.GetProperty("version").GetInt32().ShouldBe(version);
        instance.GetProperty("status").GetString().ShouldBe("Suspended");
        instance.GetProperty("bookmarks").EnumerateArray().Select(b => b.GetProperty("activityId").GetString()).Distinct().ShouldBe([activityId]);
    }

    private static IEnumerable<(string Kind, string? ActivityId)> Journal(JsonElement instance) =>
        instance.GetProperty("journal").EnumerateArray().Select(e => (
            e.GetProperty("kind").GetString()!,
            e.TryGetProperty("activityId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null));
}
