using Fulfillment.Workflows.Definitions;
using Fulfillment.Workflows.Runtime;
using Fulfillment.Workflows.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fulfillment.Workflows.Tests;

/// <summary>Creating, cloning and listing workflows: what the Studio's workflows list does.</summary>
public sealed class DefinitionManagementTests
{
    private const string Source = """
        {
          "schemaVersion": 1, "id": "source", "name": "Source",
          "activities": [
            { "id": "start", "type": "Start", "position": { "x": 10, "y": 20 } },
            { "id": "w", "type": "WaitForEvent", "inputs": { "key": "go" } }
          ],
          "connections": [ { "from": "start", "to": "w" } ]
        }
        """;

    [Fact]
    public async Task A_created_workflow_is_a_valid_draft_with_only_a_start()
    {
        await using var host = await EngineHost.CreateAsync();

        var created = await host.Definitions.CreateAsync("new-flow", "  New flow ", CancellationToken.None);

        created.WorkflowId.ShouldBe("new-flow");
        created.Name.ShouldBe("New flow");
        created.Version.ShouldBe(1);
        created.IsPublished.ShouldBeFalse();
        var definition = WorkflowDefinitionReader.Read(created.Json);
        definition.Activities.Select(a => a.Type).ShouldBe(["Start"]);
        host.Definitions.Validate(created.Json).ShouldBeEmpty();
    }

    [Fact]
    public async Task Creating_an_existing_id_is_refused_and_changes_nothing()
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync(Source);

        await Should.ThrowAsync<WorkflowAlreadyExistsException>(() => host.Definitions.CreateAsync("source", "Other", CancellationToken.None));

        var versions = await Store(host).ListVersionsAsync("source", CancellationToken.None);
        versions.Count.ShouldBe(1);
        versions[0].Name.ShouldBe("Source");
    }

    [Theory]
    [InlineData("Upper", "Name", "$.id")]
    [InlineData("has space", "Name", "$.id")]
    [InlineData("", "Name", "$.id")]
    [InlineData("fine", " ", "$.name")]
    public async Task A_bad_id_or_name_is_named_by_its_path(string id, string name, string path)
    {
        await using var host = await EngineHost.CreateAsync();

        var ex = await Should.ThrowAsync<WorkflowValidationException>(() => host.Definitions.CreateAsync(id, name, CancellationToken.None));

        ex.Errors.Select(e => e.Path).ShouldBe([path]);
        (await Store(host).ListAsync(CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_clone_copies_the_newest_version_under_a_new_id_and_name()
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync(Source);
        // The newest version is a draft with a third activity: that is what gets copied.
        await host.Definitions.SaveDraftAsync("source", Source.Replace(
            """{ "id": "w", """, """{ "id": "end", "type": "End" }, { "id": "w", """, StringComparison.Ordinal), CancellationToken.None);

        var clone = await host.Definitions.CloneAsync("source", "copy", "Copy of source", CancellationToken.None);

        clone.WorkflowId.ShouldBe("copy");
        clone.Version.ShouldBe(1);
        clone.IsPublished.ShouldBeFalse();
        var definition = WorkflowDefinitionReader.Read(clone.Json);
        definition.Id.ShouldBe("copy");
        definition.Name.ShouldBe("Copy of source");
        definition.Activities.Select(a => a.Id).ShouldBe(["start", "end", "w"]);
        definition.Activities[0].Position.ShouldBe(new Position(10, 20));
        // The source is untouched.
        (await Store(host).FindAsync("source", null, CancellationToken.None))!.Name.ShouldBe("Source");
    }

    [Fact]
    public async Task Cloning_onto_an_existing_id_or_from_a_missing_workflow_fails()
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync(Source);
        await host.Definitions.CreateAsync("taken", "Taken", CancellationToken.None);

        await Should.ThrowAsync<WorkflowAlreadyExistsException>(() => host.Definitions.CloneAsync("source", "taken", "X", CancellationToken.None));
        await Should.ThrowAsync<WorkflowNotFoundException>(() => host.Definitions.CloneAsync("missing", "fresh", "X", CancellationToken.None));

        (await Store(host).FindAsync("taken", null, CancellationToken.None))!.Name.ShouldBe("Taken");
        (await Store(host).FindAsync("fresh", null, CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task Concurrent_creates_of_one_id_make_exactly_one_workflow()
    {
        await using var host = await EngineHost.CreateAsync();

        var attempts = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(async () =>
        {
            try
            {
                await host.Definitions.CreateAsync("race", $"Racer {i}", CancellationToken.None);
                return true;
            }
            catch (WorkflowAlreadyExistsException)
            {
                return false;
            }
        })));

        attempts.Count(won => won).ShouldBe(1);
        (await Store(host).ListVersionsAsync("race", CancellationToken.None)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task The_list_counts_versions_and_says_whether_a_draft_is_pending()
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync(Source);
        await host.PublishAsync(Source.Replace("\"Source\"", "\"Source v2\"", StringComparison.Ordinal));
        await host.Definitions.SaveDraftAsync("source", Source.Replace("\"Source\"", "\"Source v3\"", StringComparison.Ordinal), CancellationToken.None);
        await host.Definitions.CreateAsync("fresh", "Fresh", CancellationToken.None);

        var list = await Store(host).ListAsync(CancellationToken.None);

        list.Select(w => (w.Id, w.LatestVersion, w.PublishedVersion, w.HasDraft, w.VersionCount)).ShouldBe(
        [
            ("fresh", 1, (int?)null, true, 1),
            ("source", 3, (int?)2, true, 3),
        ]);
    }

    private static IWorkflowDefinitionStore Store(EngineHost host) => host.Services.GetRequiredService<IWorkflowDefinitionStore>();
}
