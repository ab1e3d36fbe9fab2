using System.Text.Json.Nodes;
using Fulfillment.Workflows.Definitions;
using Fulfillment.Workflows.Runtime;
using Fulfillment.Workflows.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fulfillment.Workflows.Tests;

public sealed class VersioningTests
{
    private static string Flow(string marker, string extra = "") => $$"""
        {
          "schemaVersion": 1, "id": "versioned", "name": "Versioned",
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "w", "type": "WaitForEvent", "inputs": { "key": { "expr": "'ver:' + input.n" } } },
            { "id": "mark", "type": "SetVariable", "inputs": { "name": "path", "value": "{{marker}}" } }{{extra}}
          ],
          "connections": [ { "from": "start", "to": "w" }, { "from": "w", "to": "mark" } ]
        }
        """;

    [Fact]
    public async Task A_running_instance_stays_on_the_version_it_started_with()
    {
        await using var host = await EngineHost.CreateAsync();
        (await host.PublishAsync(Flow("v1"))).Version.ShouldBe(1);
        var a = await host.StartAsync("versioned", new JsonObject { ["n"] = "a" });

        (await host.PublishAsync(Flow("v2"))).Version.ShouldBe(2);
        var b = await host.StartAsync("versioned", new JsonObject { ["n"] = "b" });

        a.Version.ShouldBe(1);
        b.Version.ShouldBe(2);
        (await host.GetDetailsAsync(a.Id)).Version.ShouldBe(1);
        (await host.GetDetailsAsync(b.Id)).Version.ShouldBe(2);

        // A fresh process (empty compiled-definition cache) must still pick v1 for A.
        await host.RestartAsync();
        (await host.DeliverAsync("ver:a")).Resumed.ShouldBe(1);
        (await host.DeliverAsync("ver:b")).Resumed.ShouldBe(1);

        var doneA = await host.GetDetailsAsync(a.Id);
        doneA.Status.ShouldBe(WorkflowStatus.Completed);
        doneA.Version.ShouldBe(1);
        doneA.StringVariable("path").ShouldBe("v1");
        var doneB = await host.GetDetailsAsync(b.Id);
        doneB.Status.ShouldBe(WorkflowStatus.Completed);
        doneB.StringVariable("path").ShouldBe("v2");
    }

    [Fact]
    public async Task A_resume_in_the_same_process_also_follows_the_instance_s_version()
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync(Flow("v1"));
        var a = await host.StartAsync("versioned", new JsonObject { ["n"] = "a" });
        await host.PublishAsync(Flow("v2"));

        await host.DeliverAsync("ver:a");

        var done = await host.GetDetailsAsync(a.Id);
        done.Version.ShouldBe(1);
        done.StringVariable("path").ShouldBe("v1");
    }

    [Fact]
    public async Task Importing_identical_content_again_does_not_create_a_new_version()
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync(Flow("v1"));
        await host.PublishAsync(Flow("v2"));

        var again = await host.PublishAsync(Flow("v2"));
        // Same content, formatted differently and with a comment: still the same definition.
        var reformatted = await host.PublishAsync("// re-saved by an editor\n" + Flow("v2").Replace("  ", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal));

        again.Version.ShouldBe(2);
        reformatted.Version.ShouldBe(2);
        var versions = await host.Services.GetRequiredService<IWorkflowDefinitionStore>().ListVersionsAsync("versioned", CancellationToken.None);
        versions.Select(v => v.Version).ShouldBe([2, 1]);
        versions.ShouldAllBe(v => v.IsPublished);
        (await host.StartAsync("versioned", new JsonObject { ["n"] = "x" })).Version.ShouldBe(2);
    }

    [Fact]
    public async Task An_older_published_version_can_still_be_started_explicitly()
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync(Flow("v1"));
        await host.PublishAsync(Flow("v2"));

        var old = await host.StartAsync("versioned", new JsonObject { ["n"] = "old" }, version: 1);
        await host.DeliverAsync("ver:old");

        var details = await host.GetDetailsAsync(old.Id);
        details.Version.ShouldBe(1);
        details.StringVariable("path").ShouldBe("v1");
        await Should.ThrowAsync<WorkflowNotFoundException>(() => host.StartAsync("versioned", version: 3));
        await Should.ThrowAsync<WorkflowNotFoundException>(() => host.StartAsync("unknown-workflow"));
    }

    [Fact]
    public async Task A_draft_is_not_started_until_it_is_published()
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync(Flow("v1"));

        var (draft, errors) = await host.Definitions.SaveDraftAsync("versioned", Flow("v2"), CancellationToken.None);
        errors.ShouldBeEmpty();
        draft.Version.ShouldBe(2);
        draft.IsPublished.ShouldBeFalse();
        (await host.StartAsync("versioned", new JsonObject { ["n"] = "before" })).Version.ShouldBe(1);

        (await host.Definitions.PublishAsync("versioned", CancellationToken.None)).Version.ShouldBe(2);
        (await host.StartAsync("versioned", new JsonObject { ["n"] = "after" })).Version.ShouldBe(2);
    }
}
