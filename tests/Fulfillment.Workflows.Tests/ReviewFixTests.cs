using System.Text.Json.Nodes;
using Fulfillment.Workflows.Runtime;
using Fulfillment.Workflows.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fulfillment.Workflows.Tests;

/// <summary>Behaviour pinned down after review: events to faulted instances, input shape, switch conditions, Date.</summary>
public sealed class ReviewFixTests
{
    [Fact]
    public async Task An_event_for_a_faulted_instance_is_kept_and_delivered_when_the_instance_is_retried()
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync("""
            {
              "schemaVersion": 1, "id": "parallel", "name": "Label and payment in parallel",
              "variables": [ { "name": "payment" } ],
              "activities": [
                { "id": "start", "type": "Start" },
                { "id": "fork", "type": "Fork" },
                { "id": "label", "type": "Flaky" },
                { "id": "pay", "type": "WaitForEvent", "inputs": { "key": "payment:9" }, "outputs": { "payload": "payment" } },
                { "id": "join", "type": "Join" },
                { "id": "end", "type": "End" }
              ],
              "connections": [
                { "from": "start", "to": "fork" }, { "from": "fork", "to": "pay" }, { "from": "fork", "to": "label" },
                { "from": "label", "to": "join" }, { "from": "pay", "to": "join" }, { "from": "join", "to": "end" }
              ]
            }
            """);
        var instance = await host.StartAsync("parallel");
        (await host.GetDetailsAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Faulted);

        var delivery = await host.DeliverAsync("payment:9", new JsonObject { ["amount"] = 12 });

        delivery.ShouldBe(new EventDeliveryResult(0, Queued: true));
        host.Services.GetRequiredService<FlakySwitch>().Broken = false;
        await host.Runtime.RetryAsync(instance.Id, "operator", CancellationToken.None);
        var details = await host.GetDetailsAsync(instance.Id);
        details.Status.ShouldBe(WorkflowStatus.Completed);
        details.Variables["payment"]!["amount"]!.GetValue<int>().ShouldBe(12);
    }

    [Fact]
    public async Task A_start_input_that_is_not_an_object_is_refused_clearly()
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync("""
            { "schemaVersion": 1, "id": "v", "name": "V", "variables": [ { "name": "x" } ],
              "activities": [ { "id": "start", "type": "Start" } ], "connections": [] }
            """);

        var error = await Should.ThrowAsync<InvalidWorkflowInputException>(() => host.StartAsync("v", JsonValue.Create(42)));

        error.Message.ShouldContain("JSON object");
    }

    [Fact]
    public async Task A_switch_case_condition_with_a_syntax_error_is_a_validation_error_at_its_path()
    {
        await using var host = await EngineHost.CreateAsync();

        var errors = host.Definitions.Validate("""
            { "schemaVersion": 1, "id": "s", "name": "S",
              "activities": [
                { "id": "start", "type": "Start" },
                { "id": "route", "type": "Switch", "inputs": { "cases": [ { "label": "A", "condition": "x ==" } ] } }
              ],
              "connections": [ { "from": "start", "to": "route" } ] }
            """);

        errors.ShouldContain(e => e.Path == "$.activities[1].inputs.cases[0].condition");
    }

    [Fact]
    public async Task Dates_in_expressions_come_from_the_engine_clock()
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync("""
            { "schemaVersion": 1, "id": "d", "name": "D",
              "activities": [
                { "id": "start", "type": "Start" },
                { "id": "now", "type": "SetVariable", "inputs": { "name": "today", "value": { "expr": "new Date().toISOString()" } } }
              ],
              "connections": [ { "from": "start", "to": "now" } ] }
            """);

        var instance = await host.StartAsync("d");

        var today = (await host.GetDetailsAsync(instance.Id)).Variables["today"]!.GetValue<string>();
        DateTimeOffset.Parse(today, System.Globalization.CultureInfo.InvariantCulture).ShouldBe(host.Clock.GetUtcNow());
    }
}
