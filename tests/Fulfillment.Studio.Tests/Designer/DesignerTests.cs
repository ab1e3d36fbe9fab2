using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fulfillment.Server.Identity;
using Fulfillment.Studio.Tests.Infrastructure;
using Fulfillment.Workflows.Definitions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Fulfillment.Studio.Tests.Designer;

/// <summary>The designer in a real browser against the real server.</summary>
[Collection(StudioTestGroup.Name)]
public sealed class DesignerTests(StudioFixture studio)
{
    private static readonly string ProcessOwner = DemoUsers.EmailFor(Roles.ProcessOwner);

    private IWorkflowDefinitionStore Store => studio.Server.Services.GetRequiredService<IWorkflowDefinitionStore>();

    private WorkflowDefinitionService Definitions => studio.Server.Services.GetRequiredService<WorkflowDefinitionService>();

    [BrowserFact]
    public async Task A_process_owner_builds_a_workflow_from_the_palette_publishes_it_and_it_runs()
    {
        var id = UniqueId("built");
        await Definitions.CreateAsync(id, "Greeting", CancellationToken.None);
        await using var studioPage = await SignedInAsync(ProcessOwner);
        var designer = new DesignerDriver(studioPage);
        await designer.OpenAsync(id);
        await Assertions.Expect(designer.Activities).ToHaveCountAsync(1);

        // Three activities from the palette, by drag and drop, under the Start.
        var (x, y) = await designer.CentreOfAsync("start");
        await designer.DropAsync("SetVariable", x, y + 120, "set-variable");
        await designer.DropAsync("SetVariable", x, y + 240, "set-variable-2");
        await designer.DropAsync("End", x, y + 360, "end");
        await Assertions.Expect(designer.Activities).ToHaveCountAsync(4);

        await designer.ConnectAsync("start", "Done", "set-variable");
        await designer.ConnectAsync("set-variable", "Done", "set-variable-2");
        await designer.ConnectAsync("set-variable-2", "Done", "end");
        await Assertions.Expect(designer.Connections).ToHaveCountAsync(3);

        await designer.SelectAsync("set-variable");
        await designer.SetTextInputAsync("set-variable", "name", "greeting");
        await designer.SetExpressionAsync("set-variable", "value", "'Hello, ' + who");
        await designer.SelectAsync("set-variable-2");
        await designer.SetTextInputAsync("set-variable-2", "name", "shout");
        await designer.SetExpressionAsync("set-variable-2", "value", "greeting.toUpperCase() + '!'");
        await designer.SelectAsync("end");
        await designer.SetExpressionAsync("end", "output", "({ greeting, shout })");

        // The workflow's variable, with a default.
        await designer.Page.GetByRole(AriaRole.Tab, new() { Name = "Workflow" }).ClickAsync();
        await designer.Page.GetByRole(AriaRole.Button, new() { Name = "Add variable" }).ClickAsync();
        var variable = designer.Page.GetByTestId("variable");
        await variable.GetByLabel("Name").FillAsync("who");
        await variable.GetByLabel("Name").PressAsync("Tab");
        await variable.GetByLabel("Default (JSON)").FillAsync("\"world\"");
        await variable.GetByLabel("Default (JSON)").PressAsync("Tab");

        await designer.Page.GetByRole(AriaRole.Tab, new() { Name = "Problems" }).ClickAsync();
        await Assertions.Expect(designer.Page.GetByTestId("no-problems")).ToBeVisibleAsync();
        await designer.ScreenshotAsync("designer-built");

        await designer.Page.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Assertions.Expect(designer.Page.GetByTestId("version-status")).ToHaveTextAsync("Published v1");

        var published = WorkflowDefinitionReader.Read((await Store.FindPublishedAsync(id, null, CancellationToken.None))!.Json);
        published.Activities.Select(a => a.Type).ShouldBe(["Start", "SetVariable", "SetVariable", "End"]);
        published.Activities.ShouldAllBe(a => a.Position != null);

        // Started through the API, it runs to the end with the values set in the designer.
        var api = designer.Page.Context.APIRequest;
        var started = await api.PostAsync($"api/workflows/{id}/instances", new() { DataObject = new { input = new { who = "Ada" } } });
        started.Status.ShouldBe(201);
        var instanceId = (await started.JsonAsync())!.Value.GetProperty("id").GetString();
        var instance = (await (await api.GetAsync($"api/instances/{instanceId}")).JsonAsync())!.Value;
        instance.GetProperty("status").GetString().ShouldBe("Completed");
        instance.GetProperty("output").GetProperty("greeting").GetString().ShouldBe("Hello, Ada");
        instance.GetProperty("output").GetProperty("shout").GetString().ShouldBe("HELLO, ADA!");
    }

    [BrowserFact]
    public async Task Every_workflow_in_the_workflows_folder_is_drawn_with_all_its_activities_and_connections()
    {
        await using var studioPage = await SignedInAsync(DemoUsers.AdminEmail);
        var designer = new DesignerDriver(studioPage);
        var files = Directory.GetFiles(RepositoryWorkflows(), "*.json");
        files.ShouldNotBeEmpty();

        foreach (var file in files)
        {
            var definition = WorkflowDefinitionReader.Read(await File.ReadAllTextAsync(file), file);
            await designer.OpenAsync(definition.Id);

            await Assertions.Expect(designer.Activities).ToHaveCountAsync(definition.Activities.Count);
            foreach (var activity in definition.Activities)
            {
                await Assertions.Expect(designer.Activity(activity.Id)).ToHaveCountAsync(1);
            }

            await Assertions.Expect(designer.Connections).ToHaveCountAsync(definition.Connections.Count);
            await designer.ScreenshotAsync($"designer-{definition.Id}");
        }
    }

    [BrowserFact]
    public async Task Undo_and_redo_take_back_and_repeat_adding_moving_and_deleting()
    {
        var id = UniqueId("undo");
        await Definitions.CreateAsync(id, "Undo", CancellationToken.None);
        await using var studioPage = await SignedInAsync(ProcessOwner);
        var designer = new DesignerDriver(studioPage);
        await designer.OpenAsync(id);
        var page = designer.Page;

        // Added from the keyboard: Enter on a palette item.
        await page.Locator("[data-activity-type='Delay']").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(designer.Activities).ToHaveCountAsync(2);

        await designer.Canvas.FocusAsync();
        await page.Keyboard.PressAsync("Control+z");
        await Assertions.Expect(designer.Activities).ToHaveCountAsync(1);
        await page.Keyboard.PressAsync("Control+y");
        await Assertions.Expect(designer.Activities).ToHaveCountAsync(2);

        // Moved with the arrow keys, then moved back by undo.
        await designer.SelectAsync("delay");
        var before = await designer.Activity("delay").GetAttributeAsync("transform");
        await designer.Canvas.FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await Assertions.Expect(designer.Activity("delay")).Not.ToHaveAttributeAsync("transform", before!);
        await page.Keyboard.PressAsync("Control+z");
        await Assertions.Expect(designer.Activity("delay")).ToHaveAttributeAsync("transform", before!);

        // Deleted with the Delete key, restored by the toolbar's Undo.
        await page.Keyboard.PressAsync("Delete");
        await Assertions.Expect(designer.Activities).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Button, new() { Name = "Undo" }).ClickAsync();
        await Assertions.Expect(designer.Activities).ToHaveCountAsync(2);
        await page.GetByRole(AriaRole.Button, new() { Name = "Redo" }).ClickAsync();
        await Assertions.Expect(designer.Activities).ToHaveCountAsync(1);
    }

    [BrowserFact]
    public async Task A_workflow_with_a_validation_error_cannot_be_published_and_shows_why()
    {
        var id = UniqueId("invalid");
        await SaveDraftAsync($$"""
            {
              "schemaVersion": 1, "id": "{{id}}", "name": "Waits for nothing",
              "activities": [
                { "id": "start", "type": "Start", "position": { "x": 40, "y": 200 } },
                { "id": "wait", "type": "WaitForEvent", "name": "Wait without a key", "position": { "x": 320, "y": 200 } },
                { "id": "check", "type": "Decision", "inputs": { "condition": { "expr": "total >" } }, "position": { "x": 600, "y": 200 } }
              ],
              "connections": [ { "from": "start", "to": "wait" }, { "from": "wait", "to": "check" } ]
            }
            """);
        await using var studioPage = await SignedInAsync(ProcessOwner);
        var designer = new DesignerDriver(studioPage);
        await designer.OpenAsync(id);
        var page = designer.Page;

        // Marked on the canvas...
        await Assertions.Expect(designer.Activity("wait").Locator("rect[data-invalid='true']")).ToHaveCountAsync(1);
        await Assertions.Expect(designer.Activity("check").Locator("rect[data-invalid='true']")).ToHaveCountAsync(1);
        await Assertions.Expect(designer.Activity("start").Locator("rect[data-invalid='true']")).ToHaveCountAsync(0);
        await Assertions.Expect(designer.Activity("wait").Locator("title")).ToHaveTextAsync("Input 'key' is required.");

        // ...refused on publish, with the reasons...
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        var refusal = page.GetByTestId("publish-refused");
        await Assertions.Expect(refusal).ToContainTextAsync("Cannot publish: fix 2 problems first.");
        await Assertions.Expect(refusal).ToContainTextAsync("Wait without a key (wait): Input 'key' is required.");
        await Assertions.Expect(refusal).ToContainTextAsync("Expression `total >` failed");
        await designer.ScreenshotAsync("designer-publish-refused");
        (await Store.FindPublishedAsync(id, null, CancellationToken.None)).ShouldBeNull();

        // ...and listed: choosing a problem selects its activity, whose input shows the message.
        var problems = page.GetByTestId("problems");
        await problems.GetByRole(AriaRole.Button).Filter(new() { HasText = "Input 'key' is required." }).ClickAsync();
        await Assertions.Expect(designer.PropertyPanel).ToHaveAttributeAsync("data-activity-id", "wait");
        await Assertions.Expect(designer.PropertyPanel.Locator("[data-input='key']")).ToContainTextAsync("Input 'key' is required.");

        // Fixing it clears the mark.
        await designer.SetTextInputAsync("wait", "key", "payment:1");
        await Assertions.Expect(designer.Activity("wait").Locator("rect[data-invalid='false']")).ToHaveCountAsync(1);
    }

    [BrowserFact]
    public async Task Import_then_save_then_export_gives_back_the_same_definition()
    {
        foreach (var withPositions in new[] { true, false })
        {
            var id = UniqueId(withPositions ? "roundtrip" : "unplaced");
            await Definitions.CreateAsync(id, "Round trip", CancellationToken.None);
            var file = RichDefinition(id, withPositions);
            var expected = WorkflowDefinitionReader.Write(WorkflowDefinitionReader.Read(file));

            await using var studioPage = await SignedInAsync(ProcessOwner);
            var designer = new DesignerDriver(studioPage);
            await designer.OpenAsync(id);
            var page = designer.Page;

            var chooser = await page.RunAndWaitForFileChooserAsync(() =>
                page.GetByRole(AriaRole.Button, new() { Name = "Import JSON" }).ClickAsync());
            await chooser.SetFilesAsync(new FilePayload { Name = "order-release.json", MimeType = "application/json", Buffer = Encoding.UTF8.GetBytes(file) });
            await Assertions.Expect(designer.Activities).ToHaveCountAsync(12);
            await Assertions.Expect(page.GetByTestId("unsaved")).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("unsaved")).ToHaveCountAsync(0);
            await Assertions.Expect(page.GetByTestId("version-status")).ToHaveTextAsync("Draft v1");

            var exported = await (await page.Context.APIRequest.GetAsync($"api/workflows/{id}/export")).TextAsync();
            exported.ShouldBe(expected);

            var download = await page.RunAndWaitForDownloadAsync(() =>
                page.GetByRole(AriaRole.Button, new() { Name = "Export JSON" }).ClickAsync());
            (await File.ReadAllTextAsync((await download.PathAsync())!)).ShouldBe(expected);
        }
    }

    [BrowserFact]
    public async Task An_old_version_opens_read_only_and_people_who_are_not_editors_only_read()
    {
        var id = UniqueId("versions");
        await SaveDraftAsync(Minimal(id, "First"));
        await Definitions.PublishAsync(id, CancellationToken.None);
        await SaveDraftAsync(Minimal(id, "Second"));

        await using var owner = await SignedInAsync(ProcessOwner);
        var designer = new DesignerDriver(owner);
        await designer.OpenAsync(id, version: 1);
        await Assertions.Expect(owner.Page.GetByTestId("read-only")).ToContainTextAsync("version 1, read-only");
        await Assertions.Expect(owner.Page.GetByRole(AriaRole.Button, new() { Name = "Publish" })).ToHaveCountAsync(0);
        await Assertions.Expect(owner.Page.GetByRole(AriaRole.Heading, new() { Name = "First" })).ToBeVisibleAsync();

        await owner.Page.GetByRole(AriaRole.Link, new() { Name = "Open the latest version" }).ClickAsync();
        await Assertions.Expect(owner.Page.GetByRole(AriaRole.Heading, new() { Name = "Second" })).ToBeVisibleAsync();
        await Assertions.Expect(owner.Page.GetByTestId("version-status")).ToHaveTextAsync("Draft v2");
        await Assertions.Expect(owner.Page.GetByRole(AriaRole.Button, new() { Name = "Publish" })).ToBeVisibleAsync();

        await using var staff = await SignedInAsync(DemoUsers.EmailFor(Roles.WarehouseStaff));
        var reader = new DesignerDriver(staff);
        await reader.OpenAsync(id);
        await Assertions.Expect(staff.Page.GetByTestId("read-only")).ToContainTextAsync("only a Process Owner or Admin");
        await Assertions.Expect(staff.Page.GetByRole(AriaRole.Button, new() { Name = "Save draft" })).ToHaveCountAsync(0);
        await Assertions.Expect(staff.Page.Locator("[data-activity-type='End']")).ToHaveAttributeAsync("aria-disabled", "true");
        await reader.SelectAsync("end");
        await Assertions.Expect(reader.PropertyPanel.GetByRole(AriaRole.Button, new() { Name = "Delete activity" })).ToHaveCountAsync(0);
        await reader.ScreenshotAsync("designer-read-only");
    }

    private Task<StudioPage> SignedInAsync(string email) => studio.OpenSignedInAsync(email);

    private async Task SaveDraftAsync(string json)
    {
        var definition = WorkflowDefinitionReader.Read(json);
        await Definitions.SaveDraftAsync(definition.Id, json, CancellationToken.None);
    }

    private static string Minimal(string id, string name) => $$"""
        {
          "schemaVersion": 1, "id": "{{id}}", "name": "{{name}}",
          "activities": [ { "id": "start", "type": "Start" }, { "id": "end", "type": "End" } ],
          "connections": [ { "from": "start", "to": "end" } ]
        }
        """;

    /// <summary>
    /// The format's complete example (docs/workflow-format.md): comments, trailing commas, every kind of
    /// input value, outputs, a switch with dynamic outcomes, a fork and a join.
    /// </summary>
    private static string RichDefinition(string id, bool withPositions)
    {
        var activities = new JsonArray
        {
            Node("start", "Start"),
            Node("fork", "Fork"),
            Node("await-payment", "WaitForEvent", name: "Payment confirmed", inputs: new() { ["key"] = Expr("'payment:' + orderNumber"), ["timeout"] = "P2D" }, outputs: new() { ["payload"] = "payment" }),
            Node("await-stock", "WaitForEvent", name: "Stock reserved", inputs: new() { ["key"] = Expr("'stock:' + orderNumber") }, outputs: new() { ["payload"] = "stock" }),
            Node("both", "Join", inputs: new() { ["mode"] = "All" }),
            Node("in-stock", "Decision", name: "All lines reserved?", description: "Stock said yes for every line.", inputs: new() { ["condition"] = Expr("stock.available === true") }),
            Node("lane", "Switch", name: "Shipping lane", inputs: new()
            {
                ["cases"] = new JsonArray(
                    new JsonObject { ["label"] = "Express", ["condition"] = "express" },
                    new JsonObject { ["label"] = "Review", ["condition"] = "total > 500" }),
            }),
            Node("set-express", "SetVariable", inputs: new() { ["name"] = "lane", ["value"] = "express" }),
            Node("set-review", "SetVariable", inputs: new() { ["name"] = "lane", ["value"] = new JsonObject { ["queue"] = "finance", ["limit"] = 500 } }),
            Node("set-standard", "SetVariable", inputs: new() { ["name"] = "lane", ["value"] = "standard" }),
            Node("released", "End", inputs: new() { ["output"] = Expr("({ orderNumber, lane, paidBy: payment.method })") }),
            Node("out-of-stock", "Fail", inputs: new() { ["message"] = Expr("'Order ' + orderNumber + ': stock could not be reserved'") }),
        };
        if (withPositions)
        {
            for (var i = 0; i < activities.Count; i++)
            {
                activities[i]!["position"] = new JsonObject { ["x"] = 40 + 260 * (i % 4), ["y"] = 80 + 140 * (i / 4) };
            }
        }

        var connections = new JsonArray(
            Link("start", "fork"), Link("fork", "await-payment"), Link("fork", "await-stock"),
            Link("await-payment", "both"), Link("await-stock", "both"), Link("both", "in-stock"),
            Link("in-stock", "lane", "True"), Link("in-stock", "out-of-stock", "False"),
            Link("lane", "set-express", "Express"), Link("lane", "set-review", "Review"), Link("lane", "set-standard", "Default"),
            Link("set-express", "released"), Link("set-review", "released"), Link("set-standard", "released"));
        var body = new JsonObject
        {
            ["schemaVersion"] = 1,
            ["id"] = id,
            ["name"] = "Order release",
            ["description"] = "Waits for payment and stock in parallel, then picks a shipping lane.",
            ["variables"] = new JsonArray(
                new JsonObject { ["name"] = "orderNumber", ["type"] = "string" },
                new JsonObject { ["name"] = "total", ["type"] = "number", ["default"] = 0 },
                new JsonObject { ["name"] = "express", ["type"] = "boolean", ["default"] = false }),
            ["activities"] = activities,
            ["connections"] = connections,
        }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

        // Hand-written files have comments and trailing commas; the stored form has neither.
        return "// Exported by hand.\n" + body[..body.LastIndexOf('}')].TrimEnd() + ",\n}\n";

        static JsonObject Expr(string code) => new() { ["expr"] = code };

        static JsonObject Node(string id, string type, string? name = null, string? description = null, JsonObject? inputs = null, JsonObject? outputs = null)
        {
            var node = new JsonObject { ["id"] = id, ["type"] = type };
            if (name is not null)
            {
                node["name"] = name;
            }

            if (description is not null)
            {
                node["description"] = description;
            }

            if (inputs is not null)
            {
                node["inputs"] = inputs;
            }

            if (outputs is not null)
            {
                node["outputs"] = outputs;
            }

            return node;
        }

        static JsonObject Link(string from, string to, string? outcome = null)
        {
            var link = new JsonObject { ["from"] = from };
            if (outcome is not null)
            {
                link["outcome"] = outcome;
            }

            link["to"] = to;
            return link;
        }
    }

    /// <summary>The repository's <c>workflows/</c> folder, found upwards from the test binaries.</summary>
    private static string RepositoryWorkflows()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Fulfillment.sln")))
            {
                return Path.Combine(directory.FullName, "workflows");
            }
        }

        throw new DirectoryNotFoundException("No Fulfillment.sln above " + AppContext.BaseDirectory);
    }

    private static string UniqueId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];
}
