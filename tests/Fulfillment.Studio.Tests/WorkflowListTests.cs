using System.Text;
using Fulfillment.Server.Identity;
using Fulfillment.Studio.Tests.Infrastructure;
using Fulfillment.Workflows.Definitions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Fulfillment.Studio.Tests;

/// <summary>The workflows list as a process owner (the admin demo user holds that role).</summary>
[Collection(StudioTestGroup.Name)]
public sealed class WorkflowListTests(StudioFixture studio)
{
    private const string SeededName = "Payment confirmation";

    private IWorkflowDefinitionStore Store => studio.Server.Services.GetRequiredService<IWorkflowDefinitionStore>();

    [BrowserFact]
    public async Task The_list_shows_the_seeded_workflow_with_its_status_and_versions()
    {
        await using var studioPage = await SignedInAsync();

        var row = Row(studioPage.Page, SeededName);
        await Assertions.Expect(row).ToContainTextAsync("payment-confirmation");
        await Assertions.Expect(row).ToContainTextAsync("Published v1");
        await Assertions.Expect(row.GetByRole(AriaRole.Link, new() { Name = $"Open {SeededName} in the designer" }))
            .ToHaveAttributeAsync("href", "workflows/payment-confirmation/designer");
        await studioPage.ScreenshotAsync("workflows");
    }

    [BrowserFact]
    public async Task Search_narrows_the_list_by_id_or_name()
    {
        await using var studioPage = await SignedInAsync();
        var page = studioPage.Page;
        var search = page.GetByLabel("Search workflows");

        await search.FillAsync("PAYMENT-conf");
        await Assertions.Expect(Row(page, SeededName)).ToBeVisibleAsync();

        await search.FillAsync("no such workflow");
        await Assertions.Expect(Row(page, SeededName)).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByText("No workflow matches the search.")).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task A_created_workflow_is_a_draft_that_can_be_deleted_again()
    {
        await using var studioPage = await SignedInAsync();
        var page = studioPage.Page;
        var id = UniqueId("created");

        await page.GetByRole(AriaRole.Button, new() { Name = "New workflow" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Id").FillAsync(id);
        await dialog.GetByLabel("Name").FillAsync("Created in the browser");
        await studioPage.ScreenshotAsync("workflow-create");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();

        var row = Row(page, "Created in the browser");
        await Assertions.Expect(row).ToContainTextAsync("Draft v1");
        var stored = await Store.FindAsync(id, null, CancellationToken.None);
        stored.ShouldNotBeNull();
        stored.IsPublished.ShouldBeFalse();

        await row.GetByRole(AriaRole.Button, new() { Name = "Delete the draft of Created in the browser" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("disappears with its draft");
        await studioPage.ScreenshotAsync("workflow-delete-draft");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete draft" }).ClickAsync();

        await Assertions.Expect(row).ToHaveCountAsync(0);
        (await Store.FindAsync(id, null, CancellationToken.None)).ShouldBeNull();
    }

    [BrowserFact]
    public async Task Creating_an_id_that_exists_is_refused_on_the_id_field()
    {
        await using var studioPage = await SignedInAsync();
        var page = studioPage.Page;

        await page.GetByRole(AriaRole.Button, new() { Name = "New workflow" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Id").FillAsync("payment-confirmation");
        await dialog.GetByLabel("Name").FillAsync("Duplicate");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();

        await Assertions.Expect(dialog).ToContainTextAsync("A workflow with the id 'payment-confirmation' already exists.");
        (await Store.FindAsync("payment-confirmation", null, CancellationToken.None))!.Name.ShouldBe(SeededName);
    }

    [BrowserFact]
    public async Task A_clone_copies_the_workflow_under_a_new_id()
    {
        await using var studioPage = await SignedInAsync();
        var page = studioPage.Page;
        var id = UniqueId("cloned");

        await Row(page, SeededName).GetByRole(AriaRole.Button, new() { Name = $"Clone {SeededName}" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog.GetByLabel("Id")).ToHaveValueAsync("payment-confirmation-copy");
        await dialog.GetByLabel("Id").FillAsync(id);
        await dialog.GetByLabel("Name").FillAsync("Cloned payment");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Clone" }).ClickAsync();

        await Assertions.Expect(Row(page, "Cloned payment")).ToContainTextAsync("Draft v1");
        var source = WorkflowDefinitionReader.Read((await Store.FindAsync("payment-confirmation", null, CancellationToken.None))!.Json);
        var clone = WorkflowDefinitionReader.Read((await Store.FindAsync(id, null, CancellationToken.None))!.Json);
        clone.Id.ShouldBe(id);
        clone.Name.ShouldBe("Cloned payment");
        clone.Activities.Select(a => a.Id).ShouldBe(source.Activities.Select(a => a.Id));
        clone.Connections.Count.ShouldBe(source.Connections.Count);
    }

    [BrowserFact]
    public async Task Export_downloads_the_definition_in_the_documented_format()
    {
        await using var studioPage = await SignedInAsync();
        var page = studioPage.Page;

        var download = await page.RunAndWaitForDownloadAsync(() =>
            Row(page, SeededName).GetByRole(AriaRole.Button, new() { Name = $"Export {SeededName}" }).ClickAsync());

        download.SuggestedFilename.ShouldBe("payment-confirmation.v1.json");
        var json = await File.ReadAllTextAsync(await download.PathAsync());
        json.ShouldBe((await Store.FindAsync("payment-confirmation", 1, CancellationToken.None))!.Json);
        var definition = WorkflowDefinitionReader.Read(json);
        definition.Id.ShouldBe("payment-confirmation");
        definition.SchemaVersion.ShouldBe(WorkflowDefinition.CurrentSchemaVersion);
    }

    [BrowserFact]
    public async Task The_versions_dialog_lists_every_version()
    {
        await using var studioPage = await SignedInAsync();
        var page = studioPage.Page;

        await Row(page, SeededName).GetByRole(AriaRole.Button, new() { Name = $"Versions of {SeededName} (1)" }).ClickAsync();

        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog.GetByRole(AriaRole.Table, new() { Name = "Versions of payment-confirmation" })).ToContainTextAsync("Published");
        await Assertions.Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Export version 1" })).ToBeVisibleAsync();
        await studioPage.ScreenshotAsync("workflow-versions");
    }

    [BrowserFact]
    public async Task Importing_a_bad_file_lists_each_problem_with_its_json_path_and_imports_nothing()
    {
        await using var studioPage = await SignedInAsync();
        var page = studioPage.Page;
        var id = UniqueId("bad");
        var json = $$"""
            {
              "schemaVersion": 1, "id": "{{id}}", "name": "Bad",
              "activities": [ { "id": "start", "type": "Start" }, { "id": "x", "type": "NoSuchActivity" } ],
              "connections": [ { "from": "start", "to": "x" } ]
            }
            """;

        var dialog = await ChooseImportFileAsync(page, "bad.json", json);

        var problems = dialog.GetByRole(AriaRole.Table, new() { Name = "Problems in the file" });
        await Assertions.Expect(problems).ToContainTextAsync("$.activities[1].type");
        await Assertions.Expect(problems).ToContainTextAsync("Unknown activity type 'NoSuchActivity'.");
        await Assertions.Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Import" })).ToBeDisabledAsync();
        await studioPage.ScreenshotAsync("workflow-import-errors");
        (await Store.FindAsync(id, null, CancellationToken.None)).ShouldBeNull();
    }

    [BrowserFact]
    public async Task Importing_unreadable_json_names_the_path_of_the_problem()
    {
        await using var studioPage = await SignedInAsync();

        var dialog = await ChooseImportFileAsync(studioPage.Page, "typo.json",
            """{ "schemaVersion": 1, "id": "typo", "name": "Typo", "activities": [ { "id": "start", "type": "Start", "inputz": {} } ], "connections": [] }""");

        var problems = dialog.GetByRole(AriaRole.Table, new() { Name = "Problems in the file" });
        await Assertions.Expect(problems).ToContainTextAsync("$.activities[0].inputz");
        await Assertions.Expect(problems).ToContainTextAsync("Unknown property 'inputz'");
    }

    [BrowserFact]
    public async Task Importing_a_valid_file_saves_it_as_a_draft()
    {
        await using var studioPage = await SignedInAsync();
        var page = studioPage.Page;
        var id = UniqueId("imported");
        var json = $$"""
            {
              "schemaVersion": 1, "id": "{{id}}", "name": "Imported flow",
              "activities": [ { "id": "start", "type": "Start" }, { "id": "end", "type": "End" } ],
              "connections": [ { "from": "start", "to": "end" } ]
            }
            """;

        var dialog = await ChooseImportFileAsync(page, $"{id}.json", json);
        await Assertions.Expect(dialog.GetByTestId("import-ready")).ToContainTextAsync("Imported flow");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();

        await Assertions.Expect(Row(page, "Imported flow")).ToContainTextAsync("Draft v1");
        var stored = await Store.FindAsync(id, null, CancellationToken.None);
        stored.ShouldNotBeNull();
        stored.IsPublished.ShouldBeFalse();
        WorkflowDefinitionReader.Read(stored.Json).Activities.Count.ShouldBe(2);
    }

    private Task<StudioPage> SignedInAsync() => studio.OpenSignedInAsync(DemoUsers.AdminEmail);

    private static async Task<ILocator> ChooseImportFileAsync(IPage page, string fileName, string json)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Import JSON" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        var chooser = await page.RunAndWaitForFileChooserAsync(() =>
            dialog.GetByRole(AriaRole.Button, new() { Name = "Choose file" }).ClickAsync());
        await chooser.SetFilesAsync(new FilePayload
        {
            Name = fileName,
            MimeType = "application/json",
            Buffer = Encoding.UTF8.GetBytes(json),
        });
        await Assertions.Expect(dialog.GetByText(fileName, new() { Exact = true })).ToBeVisibleAsync();
        return dialog;
    }

    private static ILocator Row(IPage page, string workflowName) =>
        page.GetByRole(AriaRole.Table, new() { Name = "Workflows" }).GetByRole(AriaRole.Row).Filter(new() { HasText = workflowName });

    private static string UniqueId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];
}
