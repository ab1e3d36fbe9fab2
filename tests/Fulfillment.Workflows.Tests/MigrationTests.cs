using System.Text.Json.Nodes;
using Fulfillment.Workflows.Runtime;
using Fulfillment.Workflows.Tests.Infrastructure;

namespace Fulfillment.Workflows.Tests;

/// <summary>Explicit, previewable migration of a waiting instance to another published version.</summary>
public sealed class MigrationTests
{
    private const string Actor = "operator@demo.local";

    private static string Flow(string marker, string waitId = "w", string waitType = "WaitForEvent", string extraVariable = "") => $$"""
        {
          "schemaVersion": 1, "id": "migrating", "name": "Migrating",
          "variables": [ { "name": "path" }{{extraVariable}} ],
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "{{waitId}}", "type": "{{waitType}}", "name": "Wait for the go",
              "inputs": {{(waitType == "Delay" ? """{ "duration": "P1D" }""" : """{ "key": { "expr": "'go:' + input.n" } }""")}} },
            { "id": "mark", "type": "SetVariable", "inputs": { "name": "path", "value": "{{marker}}" } }
          ],
          "connections": [ { "from": "start", "to": "{{waitId}}" }, { "from": "{{waitId}}", "to": "mark" } ]
        }
        """;

    private const string NewVariable = """, { "name": "priority", "default": "normal" }""";

    [Fact]
    public async Task A_dry_run_shows_where_the_wait_lands_and_changes_nothing()
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync(Flow("v1"));
        var instance = await host.StartAsync("migrating", new JsonObject { ["n"] = "a" });
        await host.PublishAsync(Flow("v2", extraVariable: NewVariable));

        var plan = await host.Runtime.MigrateAsync(instance.Id, targetVersion: 2, dryRun: true, Actor, CancellationToken.None);

        plan.CanMigrate.ShouldBeTrue();
        plan.Applied.ShouldBeFalse();
        (plan.FromVersion, plan.ToVersion).ShouldBe((1, 2));
        var landing = plan.Landings.ShouldHaveSingleItem();
        landing.ActivityId.ShouldBe("w");
        landing.Keys.ShouldBe(["go:a"]);
        landing.TargetName.ShouldBe("Wait for the go");
        plan.AddedVariables.ShouldBe(["priority"]);
        var details = await host.GetDetailsAsync(instance.Id);
        details.Version.ShouldBe(1);
        details.Entries(JournalEventKind.InstanceMigrated).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_migrated_instance_waits_where_it_was_and_continues_in_the_new_version_also_after_a_restart()
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync(Flow("v1"));
        var instance = await host.StartAsync("migrating", new JsonObject { ["n"] = "a" });
        await host.PublishAsync(Flow("v2", extraVariable: NewVariable));

        var plan = await host.Runtime.MigrateAsync(instance.Id, targetVersion: 2, dryRun: false, Actor, CancellationToken.None);

        plan.Applied.ShouldBeTrue();
        var migrated = await host.GetDetailsAsync(instance.Id);
        migrated.Version.ShouldBe(2);
        migrated.Status.ShouldBe(WorkflowStatus.Suspended);
        migrated.Bookmarks.ShouldHaveSingleItem().Key.ShouldBe("go:a");
        migrated.StringVariable("priority").ShouldBe("normal");
        var entry = migrated.Entries(JournalEventKind.InstanceMigrated).ShouldHaveSingleItem();
        entry.Actor.ShouldBe(Actor);
        entry.Message.ShouldBe("Migrated from version 1 to 2");
        entry.Data!["landings"]![0]!["activityId"]!.GetValue<string>().ShouldBe("w");

        await host.RestartAsync();
        (await host.DeliverAsync("go:a")).Resumed.ShouldBe(1);

        var done = await host.GetDetailsAsync(instance.Id);
        done.Status.ShouldBe(WorkflowStatus.Completed);
        done.Version.ShouldBe(2);
        done.StringVariable("path").ShouldBe("v2");
    }

    [Fact]
    public async Task A_timer_keeps_its_due_time_and_fires_into_the_new_version()
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync(Flow("v1", waitType: "Delay"));
        var instance = await host.StartAsync("migrating");
        var dueBefore = (await host.GetDetailsAsync(instance.Id)).Bookmarks.ShouldHaveSingleItem().DueAt;
        await host.PublishAsync(Flow("v2", waitType: "Delay"));

        (await host.Runtime.MigrateAsync(instance.Id, 2, dryRun: false, Actor, CancellationToken.None)).Applied.ShouldBeTrue();
        (await host.GetDetailsAsync(instance.Id)).Bookmarks.ShouldHaveSingleItem().DueAt.ShouldBe(dueBefore);

        host.Clock.Advance(TimeSpan.FromDays(1));
        (await host.Runtime.FireDueTimersAsync(host.Clock.GetUtcNow(), moveClockTo: null, CancellationToken.None)).ShouldBe(1);
        (await host.GetDetailsAsync(instance.Id)).StringVariable("path").ShouldBe("v2");
    }

    [Fact]
    public async Task A_wait_missing_from_the_target_version_refuses_the_migration_with_the_reason()
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync(Flow("v1"));
        var instance = await host.StartAsync("migrating", new JsonObject { ["n"] = "a" });
        await host.PublishAsync(Flow("v2", waitId: "w2"));

        var preview = await host.Runtime.MigrateAsync(instance.Id, 2, dryRun: true, Actor, CancellationToken.None);
        var attempt = await host.Runtime.MigrateAsync(instance.Id, 2, dryRun: false, Actor, CancellationToken.None);

        preview.CanMigrate.ShouldBeFalse();
        var landing = preview.Landings.ShouldHaveSingleItem();
        landing.Lands.ShouldBeFalse();
        landing.Problem.ShouldBe("'Wait for the go' (w) waits, but version 2 has no activity 'w'.");
        preview.Problems.ShouldBe([landing.Problem!]);
        attempt.Applied.ShouldBeFalse();
        var details = await host.GetDetailsAsync(instance.Id);
        details.Version.ShouldBe(1);
        details.Entries(JournalEventKind.InstanceMigrated).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_wait_that_is_another_activity_type_in_the_target_version_is_refused()
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync(Flow("v1"));
        var instance = await host.StartAsync("migrating", new JsonObject { ["n"] = "a" });
        await host.PublishAsync(Flow("v2", waitType: "Delay"));

        var plan = await host.Runtime.MigrateAsync(instance.Id, 2, dryRun: false, Actor, CancellationToken.None);

        plan.Applied.ShouldBeFalse();
        plan.Problems.ShouldBe(["'Wait for the go' (w) is a WaitForEvent in version 1 but a Delay in version 2."]);
    }

    [Fact]
    public async Task Only_a_suspended_instance_on_another_published_version_can_move()
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync(Flow("v1"));
        var instance = await host.StartAsync("migrating", new JsonObject { ["n"] = "a" });
        await host.PublishAsync(Flow("v2"));

        (await host.Runtime.MigrateAsync(instance.Id, 1, dryRun: true, Actor, CancellationToken.None))
            .Problems.ShouldBe(["The instance already runs version 1."]);
        await Should.ThrowAsync<WorkflowNotFoundException>(() => host.Runtime.MigrateAsync(instance.Id, 3, dryRun: true, Actor, CancellationToken.None));
        await Should.ThrowAsync<InstanceNotFoundException>(() => host.Runtime.MigrateAsync("nope", 2, dryRun: true, Actor, CancellationToken.None));

        await host.DeliverAsync("go:a");
        var completed = await host.Runtime.MigrateAsync(instance.Id, 2, dryRun: false, Actor, CancellationToken.None);
        completed.Applied.ShouldBeFalse();
        completed.Problems.ShouldBe(["Only a suspended instance can be migrated; this one is Completed."]);
        (await host.GetDetailsAsync(instance.Id)).Version.ShouldBe(1);
    }
}
