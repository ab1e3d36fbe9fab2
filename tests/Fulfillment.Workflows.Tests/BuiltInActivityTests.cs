using System.Text.Json.Nodes;
using Fulfillment.Workflows.Runtime;
using Fulfillment.Workflows.Tests.Infrastructure;

namespace Fulfillment.Workflows.Tests;

public sealed class BuiltInActivityTests
{
    [Fact]
    public async Task Start_to_End_completes_with_the_output_expression_evaluated_over_input_and_variables()
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync("""
            {
              "schemaVersion": 1, "id": "start-end", "name": "Start to end",
              "variables": [ { "name": "a", "default": 1 }, { "name": "b", "default": 2 } ],
              "activities": [
                { "id": "start", "type": "Start" },
                { "id": "end", "type": "End", "inputs": { "output": { "expr": "({ sum: a + b, order: input.order, wf: instance.workflowId })" } } }
              ],
              "connections": [ { "from": "start", "to": "end" } ]
            }
            """);

        var started = await host.StartAsync("start-end", new JsonObject { ["a"] = 40, ["order"] = "A-1" });

        started.Status.ShouldBe(WorkflowStatus.Completed);
        var details = await host.GetDetailsAsync(started.Id);
        details.Status.ShouldBe(WorkflowStatus.Completed);
        details.Version.ShouldBe(1);
        details.Output.ShouldNotBeNull();
        details.Output["sum"]!.GetValue<double>().ShouldBe(42);
        details.Output["order"]!.GetValue<string>().ShouldBe("A-1");
        details.Output["wf"]!.GetValue<string>().ShouldBe("start-end");
        details.Bookmarks.ShouldBeEmpty();
        details.CompletedActivities().ShouldBe(["start", "end"]);
        details.Entries(JournalEventKind.InstanceStarted).Count.ShouldBe(1);
        details.Entries(JournalEventKind.InstanceCompleted).Count.ShouldBe(1);
    }

    private const string DecisionFlow = """
        {
          "schemaVersion": 1, "id": "decision", "name": "Decision",
          "variables": [ { "name": "total", "default": 0 }, { "name": "route", "default": "none" } ],
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "decide", "type": "Decision", "inputs": { "condition": { "expr": "total > 100 && input.customer === 'acme'" } } },
            { "id": "big", "type": "SetVariable", "inputs": { "name": "route", "value": "big" } },
            { "id": "small", "type": "SetVariable", "inputs": { "name": "route", "value": "small" } }
          ],
          "connections": [
            { "from": "start", "to": "decide" },
            { "from": "decide", "outcome": "True", "to": "big" },
            { "from": "decide", "outcome": "False", "to": "small" }
          ]
        }
        """;

    [Theory]
    [InlineData(150, "acme", "True", "big")]
    [InlineData(50, "acme", "False", "small")]
    [InlineData(150, "other", "False", "small")]
    public async Task Decision_leaves_by_True_or_False_on_an_expression_over_input_variables(int total, string customer, string outcome, string route)
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync(DecisionFlow);

        var started = await host.StartAsync("decision", new JsonObject { ["total"] = total, ["customer"] = customer });

        var details = await host.GetDetailsAsync(started.Id);
        details.Status.ShouldBe(WorkflowStatus.Completed);
        details.StringVariable("route").ShouldBe(route);
        details.Entries(JournalEventKind.ActivityCompleted, "decide").Single().Outcome.ShouldBe(outcome);
        details.CompletedActivities().ShouldNotContain(route == "big" ? "small" : "big");
    }

    private const string SwitchFlow = """
        {
          "schemaVersion": 1, "id": "switch", "name": "Switch",
          "variables": [ { "name": "weight", "default": 0 }, { "name": "lane", "default": null } ],
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "pick", "type": "Switch", "inputs": { "cases": [
                { "label": "Express", "condition": "weight < 5" },
                { "label": "Light", "condition": "weight < 10" },
                { "label": "Heavy", "condition": "weight < 50" }
            ] } },
            { "id": "express", "type": "SetVariable", "inputs": { "name": "lane", "value": "express" } },
            { "id": "light", "type": "SetVariable", "inputs": { "name": "lane", "value": "light" } },
            { "id": "heavy", "type": "SetVariable", "inputs": { "name": "lane", "value": "heavy" } },
            { "id": "freight", "type": "SetVariable", "inputs": { "name": "lane", "value": "freight" } }
          ],
          "connections": [
            { "from": "start", "to": "pick" },
            { "from": "pick", "outcome": "Express", "to": "express" },
            { "from": "pick", "outcome": "Light", "to": "light" },
            { "from": "pick", "outcome": "Heavy", "to": "heavy" },
            { "from": "pick", "outcome": "Default", "to": "freight" }
          ]
        }
        """;

    [Theory]
    [InlineData(3, "Express", "express")] // also < 10 and < 50: the first matching case wins
    [InlineData(7, "Light", "light")]
    [InlineData(20, "Heavy", "heavy")]
    [InlineData(100, "Default", "freight")]
    public async Task Switch_leaves_by_the_first_matching_case_or_Default(int weight, string outcome, string lane)
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync(SwitchFlow);

        var started = await host.StartAsync("switch", new JsonObject { ["weight"] = weight });

        var details = await host.GetDetailsAsync(started.Id);
        details.Status.ShouldBe(WorkflowStatus.Completed);
        details.Entries(JournalEventKind.ActivityCompleted, "pick").Single().Outcome.ShouldBe(outcome);
        details.StringVariable("lane").ShouldBe(lane);
    }

    [Fact]
    public async Task SetVariable_sets_literals_and_expression_values()
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync("""
            {
              "schemaVersion": 1, "id": "set-variable", "name": "Set variable",
              "variables": [ { "name": "count", "default": 0 } ],
              "activities": [
                { "id": "start", "type": "Start" },
                { "id": "literal", "type": "SetVariable", "inputs": { "name": "status", "value": "packed" } },
                { "id": "object", "type": "SetVariable", "inputs": { "name": "box", "value": { "size": "M", "items": [1, 2] } } },
                { "id": "inc1", "type": "SetVariable", "inputs": { "name": "count", "value": { "expr": "count + 1" } } },
                { "id": "inc2", "type": "SetVariable", "inputs": { "name": "count", "value": { "expr": "count + 1" } } },
                { "id": "derived", "type": "SetVariable", "inputs": { "name": "summary", "value": { "expr": "status + '/' + box.size + '/' + count" } } }
              ],
              "connections": [
                { "from": "start", "to": "literal" }, { "from": "literal", "to": "object" }, { "from": "object", "to": "inc1" },
                { "from": "inc1", "to": "inc2" }, { "from": "inc2", "to": "derived" }
              ]
            }
            """);

        var started = await host.StartAsync("set-variable");

        var details = await host.GetDetailsAsync(started.Id);
        details.Status.ShouldBe(WorkflowStatus.Completed);
        details.StringVariable("status").ShouldBe("packed");
        details.Variable("box")!.ToJsonString().ShouldBe("""{"size":"M","items":[1,2]}""");
        details.NumberVariable("count").ShouldBe(2);
        details.StringVariable("summary").ShouldBe("packed/M/2");
    }

    private const string WaitFlow = """
        {
          "schemaVersion": 1, "id": "wait", "name": "Wait for event",
          "variables": [ { "name": "orderId", "default": 0 }, { "name": "evt", "default": null } ],
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "w", "type": "WaitForEvent", "inputs": { "key": { "expr": "'order:' + orderId" } }, "outputs": { "payload": "evt" } },
            { "id": "after", "type": "SetVariable", "inputs": { "name": "tracking", "value": { "expr": "evt.tracking" } } }
          ],
          "connections": [ { "from": "start", "to": "w" }, { "from": "w", "to": "after" } ]
        }
        """;

    [Fact]
    public async Task WaitForEvent_suspends_on_its_explicit_key_and_an_event_resumes_it_with_the_payload()
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync(WaitFlow);

        var started = await host.StartAsync("wait", new JsonObject { ["orderId"] = 42 });

        started.Status.ShouldBe(WorkflowStatus.Suspended);
        var waiting = await host.GetDetailsAsync(started.Id);
        waiting.Status.ShouldBe(WorkflowStatus.Suspended);
        var bookmark = waiting.Bookmarks.ShouldHaveSingleItem();
        bookmark.Key.ShouldBe("order:42");
        bookmark.ActivityId.ShouldBe("w");
        waiting.Entries(JournalEventKind.ActivitySuspended, "w").ShouldHaveSingleItem().Message.ShouldNotBeNull().ShouldContain("order:42");
        (await host.Store.FindBookmarksAsync("order:42", CancellationToken.None)).ShouldHaveSingleItem().InstanceId.ShouldBe(started.Id);

        (await host.DeliverAsync("order:41", new JsonObject { ["tracking"] = "WRONG" })).Resumed.ShouldBe(0);
        var result = await host.DeliverAsync("order:42", new JsonObject { ["tracking"] = "TRACK123", ["carrier"] = "sim" });

        result.ShouldBe(new EventDeliveryResult(1, Queued: false));
        var done = await host.GetDetailsAsync(started.Id);
        done.Status.ShouldBe(WorkflowStatus.Completed);
        done.Variable("evt")!.ToJsonString().ShouldBe("""{"tracking":"TRACK123","carrier":"sim"}""");
        done.StringVariable("tracking").ShouldBe("TRACK123");
        done.Bookmarks.ShouldBeEmpty();
        done.Entries(JournalEventKind.ActivityResumed, "w").Count.ShouldBe(1);
        (await host.Store.FindBookmarksAsync("order:42", CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Fail_faults_the_instance_with_its_message_as_the_incident()
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync("""
            {
              "schemaVersion": 1, "id": "fail", "name": "Fail",
              "activities": [
                { "id": "start", "type": "Start" },
                { "id": "boom", "type": "Fail", "inputs": { "message": { "expr": "'Payment declined for ' + input.order" } } },
                { "id": "never", "type": "SetVariable", "inputs": { "name": "reached", "value": true } }
              ],
              "connections": [ { "from": "start", "to": "boom" } , { "from": "start", "to": "never" } ]
            }
            """);

        // The fault is the instance's, not the caller's: StartAsync returns normally.
        var started = await host.StartAsync("fail", new JsonObject { ["order"] = "A-7" });

        started.Status.ShouldBe(WorkflowStatus.Faulted);
        var details = await host.GetDetailsAsync(started.Id);
        details.Status.ShouldBe(WorkflowStatus.Faulted);
        details.Incident.ShouldNotBeNull();
        details.Incident.ActivityId.ShouldBe("boom");
        details.Incident.Message.ShouldBe("Payment declined for A-7");
        details.Entries(JournalEventKind.ActivityFaulted, "boom").ShouldHaveSingleItem().Message.ShouldBe("Payment declined for A-7");
        details.Entries(JournalEventKind.InstanceFaulted).Count.ShouldBe(1);

        // A fault stops the instance: the branch scheduled after the failing one did not run.
        details.Variables.ContainsKey("reached").ShouldBeFalse();
    }

    private static string ForkJoinFlow(string mode) => $$"""
        {
          "schemaVersion": 1, "id": "fork-join", "name": "Fork and join",
          "variables": [ { "name": "after", "default": 0 } ],
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "fork", "type": "Fork" },
            { "id": "payment", "type": "WaitForEvent", "inputs": { "key": "payment:1" }, "outputs": { "payload": "paid" } },
            { "id": "stock", "type": "WaitForEvent", "inputs": { "key": "stock:1" }, "outputs": { "payload": "reserved" } },
            { "id": "join", "type": "Join", "inputs": { "mode": "{{mode}}" } },
            { "id": "continue", "type": "SetVariable", "inputs": { "name": "after", "value": { "expr": "after + 1" } } }
          ],
          "connections": [
            { "from": "start", "to": "fork" },
            { "from": "fork", "to": "payment" }, { "from": "fork", "to": "stock" },
            { "from": "payment", "to": "join" }, { "from": "stock", "to": "join" },
            { "from": "join", "to": "continue" }
          ]
        }
        """;

    [Fact]
    public async Task Fork_runs_both_branches_and_Join_All_continues_only_after_both_events()
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync(ForkJoinFlow("All"));

        var started = await host.StartAsync("fork-join");

        var waiting = await host.GetDetailsAsync(started.Id);
        waiting.Status.ShouldBe(WorkflowStatus.Suspended);
        waiting.Bookmarks.Select(b => b.Key).Order(StringComparer.Ordinal).ShouldBe(["payment:1", "stock:1"]);

        (await host.DeliverAsync("stock:1", new JsonObject { ["bin"] = "B7" })).Resumed.ShouldBe(1);
        var half = await host.GetDetailsAsync(started.Id);
        half.Status.ShouldBe(WorkflowStatus.Suspended);
        half.NumberVariable("after").ShouldBe(0);
        half.Bookmarks.ShouldHaveSingleItem().Key.ShouldBe("payment:1");

        (await host.DeliverAsync("payment:1", new JsonObject { ["amount"] = 10 })).Resumed.ShouldBe(1);
        var done = await host.GetDetailsAsync(started.Id);
        done.Status.ShouldBe(WorkflowStatus.Completed);
        done.NumberVariable("after").ShouldBe(1);
        done.Entries(JournalEventKind.ActivityCompleted, "continue").Count.ShouldBe(1);
        done.Variable("reserved")!["bin"]!.GetValue<string>().ShouldBe("B7");
        done.Variable("paid")!["amount"]!.GetValue<double>().ShouldBe(10);
    }

    [Fact]
    public async Task Join_Any_continues_after_the_first_branch_and_absorbs_the_second()
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync(ForkJoinFlow("Any"));

        var started = await host.StartAsync("fork-join");

        (await host.DeliverAsync("payment:1")).Resumed.ShouldBe(1);
        var first = await host.GetDetailsAsync(started.Id);
        first.NumberVariable("after").ShouldBe(1);
        first.Status.ShouldBe(WorkflowStatus.Suspended); // the stock branch still waits
        first.Bookmarks.ShouldHaveSingleItem().Key.ShouldBe("stock:1");

        (await host.DeliverAsync("stock:1")).Resumed.ShouldBe(1);
        var second = await host.GetDetailsAsync(started.Id);
        second.Status.ShouldBe(WorkflowStatus.Completed);
        second.NumberVariable("after").ShouldBe(1);
        second.Entries(JournalEventKind.ActivityCompleted, "continue").Count.ShouldBe(1);
    }
}
