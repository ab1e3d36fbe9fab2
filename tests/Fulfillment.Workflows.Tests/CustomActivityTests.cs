using System.Text.Json.Nodes;
using Fulfillment.Workflows.Runtime;
using Fulfillment.Workflows.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fulfillment.Workflows.Tests;

public sealed class CustomActivityTests
{
    [Fact]
    public async Task A_custom_activity_is_described_in_the_registry_from_its_attributes()
    {
        await using var host = await EngineHost.CreateAsync();

        host.Registry.TryGet("PackParcel", out var descriptor).ShouldBeTrue();
        descriptor.ShouldNotBeNull();
        descriptor.ClrType.ShouldBe(typeof(PackParcelActivity));
        descriptor.Category.ShouldBe("Warehouse");
        descriptor.DisplayName.ShouldBe("Pack parcel");
        descriptor.Description.ShouldBe("Packs the order lines into a parcel.");
        descriptor.Outcomes.ShouldBe(["Packed", "TooHeavy"]);

        descriptor.Inputs.Select(i => (i.Name, i.Type, i.Required)).ShouldBe(
        [
            ("sku", "string", true),
            ("weight", "number", false),
            ("quantity", "integer", false),
            ("carrier", "string", false),
        ], ignoreOrder: true);
        descriptor.Inputs.Single(i => i.Name == "carrier").Options.ShouldBe(["Ground", "Air", "Sea"]);
        descriptor.Inputs.Single(i => i.Name == "sku").Options.ShouldBeNull();
        descriptor.Inputs.Single(i => i.Name == "sku").Description.ShouldBe("The item to pack.");
        descriptor.Outputs.ShouldHaveSingleItem().Name.ShouldBe("label");

        // It sits in the palette next to the built-ins.
        host.Registry.All.ShouldContain(descriptor);
        host.Registry.All.Select(d => d.Type).ShouldContain("WaitForEvent");
    }

    [Fact]
    public async Task Built_in_descriptors_have_their_documented_shape()
    {
        await using var host = await EngineHost.CreateAsync();

        host.Registry.TryGet("Decision", out var decision).ShouldBeTrue();
        decision!.Outcomes.ShouldBe(["True", "False"]);
        decision.Inputs.ShouldHaveSingleItem().Required.ShouldBeTrue();

        host.Registry.TryGet("Join", out var join).ShouldBeTrue();
        join!.Inputs.ShouldHaveSingleItem().Options.ShouldBe(["All", "Any"]);

        host.Registry.TryGet("End", out var end).ShouldBeTrue();
        end!.Outcomes.ShouldBeEmpty();

        host.Registry.TryGet("Switch", out var @switch).ShouldBeTrue();
        @switch!.DynamicOutcomes.ShouldBeTrue();
    }

    private const string PackFlow = """
        {
          "schemaVersion": 1, "id": "pack", "name": "Pack",
          "variables": [ { "name": "weight", "default": 1 } ],
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "pack", "type": "PackParcel", "name": "Pack the parcel",
              "inputs": { "sku": { "expr": "input.sku" }, "weight": { "expr": "weight" }, "quantity": 2, "carrier": "Air" },
              "outputs": { "label": "label" } },
            { "id": "ok", "type": "SetVariable", "inputs": { "name": "result", "value": "packed" } },
            { "id": "heavy", "type": "SetVariable", "inputs": { "name": "result", "value": "too heavy" } }
          ],
          "connections": [
            { "from": "start", "to": "pack" },
            { "from": "pack", "outcome": "Packed", "to": "ok" },
            { "from": "pack", "outcome": "TooHeavy", "to": "heavy" }
          ]
        }
        """;

    [Theory]
    [InlineData(3, "Packed", "packed", "Air:SKU-1x2")]
    [InlineData(20, "TooHeavy", "too heavy", null)]
    public async Task A_custom_activity_runs_with_bound_inputs_and_leaves_by_its_own_outcomes(int weight, string outcome, string result, string? label)
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync(PackFlow);

        var started = await host.StartAsync("pack", new JsonObject { ["sku"] = "SKU-1", ["weight"] = weight });

        var details = await host.GetDetailsAsync(started.Id);
        details.Status.ShouldBe(WorkflowStatus.Completed);
        var completed = details.Entries(JournalEventKind.ActivityCompleted, "pack").ShouldHaveSingleItem();
        completed.Outcome.ShouldBe(outcome);
        completed.ActivityType.ShouldBe("PackParcel");
        completed.ActivityName.ShouldBe("Pack the parcel");
        details.StringVariable("result").ShouldBe(result);
        (details.Variable("label")?.GetValue<string>()).ShouldBe(label);
    }

    [Fact]
    public async Task A_custom_activity_input_out_of_its_enum_options_is_a_validation_error()
    {
        await using var host = await EngineHost.CreateAsync();

        var errors = host.Definitions.Validate(PackFlow.Replace("\"Air\"", "\"Rocket\"", StringComparison.Ordinal));

        errors.ShouldContain(e => e.Path == "$.activities[1].inputs.carrier");
    }

    private const string FlakyFlow = """
        {
          "schemaVersion": 1, "id": "flaky", "name": "Flaky",
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "before", "type": "SetVariable", "inputs": { "name": "before", "value": { "expr": "(typeof before === 'number' ? before : 0) + 1" } } },
            { "id": "print", "type": "Flaky" },
            { "id": "after", "type": "SetVariable", "inputs": { "name": "after", "value": { "expr": "(typeof after === 'number' ? after : 0) + 1" } } }
          ],
          "connections": [ { "from": "start", "to": "before" }, { "from": "before", "to": "print" }, { "from": "print", "to": "after" } ]
        }
        """;

    [Fact]
    public async Task An_activity_that_throws_faults_its_instance_and_a_retry_after_the_fix_completes_it()
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync(FlakyFlow);
        var flaky = host.Services.GetRequiredService<FlakySwitch>();

        // The exception is the instance's incident; it never escapes to the caller.
        var started = await host.StartAsync("flaky");

        started.Status.ShouldBe(WorkflowStatus.Faulted);
        var faulted = await host.GetDetailsAsync(started.Id);
        faulted.Status.ShouldBe(WorkflowStatus.Faulted);
        faulted.Incident.ShouldNotBeNull();
        faulted.Incident.ActivityId.ShouldBe("print");
        faulted.Incident.Message.ShouldContain("The label printer is out of paper");
        faulted.Incident.ExceptionType.ShouldBe(nameof(InvalidOperationException));
        faulted.Entries(JournalEventKind.ActivityFaulted, "print").ShouldHaveSingleItem().Message!.ShouldContain("out of paper");
        faulted.Variables.ContainsKey("after").ShouldBeFalse();

        // Retrying without fixing the cause faults again, with a fresh incident.
        await host.Runtime.RetryAsync(started.Id, EngineHost.Actor, CancellationToken.None);
        (await host.GetDetailsAsync(started.Id)).Status.ShouldBe(WorkflowStatus.Faulted);

        flaky.Broken = false;
        await host.Runtime.RetryAsync(started.Id, EngineHost.Actor, CancellationToken.None);

        var done = await host.GetDetailsAsync(started.Id);
        done.Status.ShouldBe(WorkflowStatus.Completed);
        done.Incident.ShouldBeNull();
        flaky.Runs.ShouldBe(3);
        done.NumberVariable("before").ShouldBe(1); // the retry runs the failed activity, not the path before it
        done.NumberVariable("after").ShouldBe(1);
        done.Entries(JournalEventKind.InstanceRetried).Count.ShouldBe(2);
        done.Entries(JournalEventKind.ActivityFaulted, "print").Count.ShouldBe(2);
        done.Entries(JournalEventKind.ActivityCompleted, "print").Count.ShouldBe(1);
    }

    [Fact]
    public async Task Retrying_an_instance_that_is_not_faulted_is_refused()
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync(FlakyFlow);
        host.Services.GetRequiredService<FlakySwitch>().Broken = false;
        var started = await host.StartAsync("flaky");

        await Should.ThrowAsync<InvalidInstanceStateException>(
            () => host.Runtime.RetryAsync(started.Id, EngineHost.Actor, CancellationToken.None));
        await Should.ThrowAsync<InstanceNotFoundException>(
            () => host.Runtime.RetryAsync("no-such-instance", EngineHost.Actor, CancellationToken.None));
    }
}
