using System.Text.Json.Nodes;
using Fulfillment.Workflows.Definitions;
using Fulfillment.Workflows.EntityFrameworkCore;
using Fulfillment.Workflows.Expressions;
using Fulfillment.Workflows.Runtime;
using Fulfillment.Workflows.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fulfillment.Workflows.Tests;

public sealed class ExpressionSandboxTests
{
    /// <summary>start → eval (sets <c>result</c> to the expression) → after (proves the path continued).</summary>
    private static string OneExpression(string expression) => $$"""
        {
          "schemaVersion": 1, "id": "sandbox", "name": "Sandbox",
          "variables": [ { "name": "n", "default": 3 } ],
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "eval", "type": "SetVariable", "inputs": { "name": "result", "value": { "expr": {{JsonValue.Create(expression).ToJsonString()}} } } },
            { "id": "after", "type": "SetVariable", "inputs": { "name": "reachedAfter", "value": true } }
          ],
          "connections": [ { "from": "start", "to": "eval" }, { "from": "eval", "to": "after" } ]
        }
        """;

    private static async Task<(EngineHost Host, InstanceDetails Details)> RunAsync(string expression, Action<ExpressionOptions> limits)
    {
        var host = await EngineHost.CreateAsync(s => s.Configure(limits));
        try
        {
            await host.PublishAsync(OneExpression(expression));
            var started = await host.StartAsync("sandbox");
            return (host, await host.GetDetailsAsync(started.Id));
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    private static void ShouldBeFaultedBySandbox(InstanceDetails details, string expression, string reason)
    {
        details.Status.ShouldBe(WorkflowStatus.Faulted);
        details.Incident.ShouldNotBeNull();
        details.Incident.ActivityId.ShouldBe("eval");
        details.Incident.ExceptionType.ShouldBe(nameof(ExpressionException));
        details.Incident.Message.ShouldContain(expression);
        details.Incident.Message.ShouldContain(reason);
        details.Entries(JournalEventKind.ActivityFaulted, "eval").ShouldHaveSingleItem();
        details.Variables.ContainsKey("result").ShouldBeFalse();
        details.Variables.ContainsKey("reachedAfter").ShouldBeFalse();
    }

    [Fact]
    public async Task An_infinite_loop_is_stopped_by_the_statement_limit()
    {
        const string expression = "(function () { while (true) { } })()";
        var (host, details) = await RunAsync(expression, o =>
        {
            o.MaxStatements = 1_000;
            o.Timeout = TimeSpan.FromSeconds(30);
        });
        await using (host)
        {
            ShouldBeFaultedBySandbox(details, expression, "ran more statements than allowed");
        }
    }

    [Fact]
    public async Task An_infinite_loop_is_stopped_by_the_time_limit_when_statements_are_unlimited()
    {
        const string expression = "(function () { var i = 0; while (true) { i++; } })()";
        var (host, details) = await RunAsync(expression, o =>
        {
            o.MaxStatements = 0; // no statement limit: only the clock can stop it
            o.Timeout = TimeSpan.FromMilliseconds(50);
        });
        await using (host)
        {
            ShouldBeFaultedBySandbox(details, expression, "ran past the time limit");
        }
    }

    [Fact]
    public async Task Deep_recursion_is_stopped_by_the_recursion_limit()
    {
        const string expression = "(function f(k) { return 1 + f(k + 1); })(0)";
        var (host, details) = await RunAsync(expression, o => o.MaxRecursionDepth = 20);
        await using (host)
        {
            ShouldBeFaultedBySandbox(details, expression, "recursed deeper than allowed");
        }
    }

    [Fact]
    public async Task Recursion_within_the_limit_is_allowed()
    {
        var (host, details) = await RunAsync("(function f(k) { return k === 0 ? 0 : 1 + f(k - 1); })(10)", o => o.MaxRecursionDepth = 20);
        await using (host)
        {
            details.Status.ShouldBe(WorkflowStatus.Completed);
            details.NumberVariable("result").ShouldBe(10);
        }
    }

    [Fact]
    public async Task Building_a_giant_string_is_stopped_by_the_memory_limit()
    {
        const string expression = "(function () { var s = 'x'; while (true) { s = s + s + ''; s.length; } })()";
        var (host, details) = await RunAsync(expression, o =>
        {
            o.MemoryLimitBytes = 4 * 1024 * 1024;
            o.MaxStatements = 10_000_000;
            o.Timeout = TimeSpan.FromSeconds(30);
        });
        await using (host)
        {
            ShouldBeFaultedBySandbox(details, expression, "allocated more memory than allowed");
        }
    }

    [Fact]
    public async Task Growing_a_giant_array_is_stopped_by_the_memory_limit()
    {
        const string expression = "(function () { var a = []; while (true) { a.push({ n: a.length, s: 'item' + a.length }); } })()";
        var (host, details) = await RunAsync(expression, o =>
        {
            o.MemoryLimitBytes = 4 * 1024 * 1024;
            o.MaxStatements = 0;
            o.Timeout = TimeSpan.FromSeconds(30);
        });
        await using (host)
        {
            ShouldBeFaultedBySandbox(details, expression, "allocated more memory than allowed");
        }
    }

    [Fact]
    public async Task One_native_call_allocating_a_giant_string_is_stopped_by_the_memory_limit()
    {
        // A single statement: the limit must not depend on the script running a further statement.
        const string expression = "'x'.repeat(8 * 1024 * 1024)"; // 16 MB of UTF-16 against a 1 MB limit
        var (host, details) = await RunAsync(expression, o =>
        {
            o.MemoryLimitBytes = 1024 * 1024;
            o.Timeout = TimeSpan.FromSeconds(30);
        });
        await using (host)
        {
            ShouldBeFaultedBySandbox(details, expression, "allocated more memory than allowed");
        }
    }

    [Theory]
    [InlineData("System.IO.File.ReadAllText('/etc/passwd')", "System")]
    [InlineData("importNamespace('System.IO')", "importNamespace")]
    [InlineData("clrTypeof(1)", "clrTypeof")]
    [InlineData("host.typeOf('System.Environment')", "host")]
    [InlineData("require('fs')", "require")]
    public async Task There_is_no_access_to_the_CLR(string expression, string missing)
    {
        var (host, details) = await RunAsync(expression, _ => { });
        await using (host)
        {
            ShouldBeFaultedBySandbox(details, expression, $"{missing} is not defined");
        }
    }

    [Fact]
    public async Task CLR_bridges_are_undefined_and_the_global_object_is_plain_javascript()
    {
        var (host, details) = await RunAsync(
            "[typeof System, typeof importNamespace, typeof clrTypeof, typeof require, typeof process, typeof globalThis.System, typeof globalThis.importNamespace]",
            _ => { });
        await using (host)
        {
            details.Status.ShouldBe(WorkflowStatus.Completed);
            details.Variable("result")!.AsArray().Select(v => v!.GetValue<string>()).ShouldAllBe(t => t == "undefined");
        }
    }

    [Fact]
    public async Task Limits_apply_to_each_evaluation_not_to_the_whole_run()
    {
        // 200 loop iterations evaluate ~400 expressions, far over the statement limit in total,
        // while each evaluation stays well under it.
        await using var host = await EngineHost.CreateAsync(s => s.Configure<ExpressionOptions>(o => o.MaxStatements = 50));
        await host.PublishAsync("""
            {
              "schemaVersion": 1, "id": "many-expressions", "name": "Many expressions",
              "variables": [ { "name": "i", "default": 0 } ],
              "activities": [
                { "id": "start", "type": "Start" },
                { "id": "inc", "type": "SetVariable", "inputs": { "name": "i", "value": { "expr": "i + 1" } } },
                { "id": "more", "type": "Decision", "inputs": { "condition": { "expr": "i < 200" } } }
              ],
              "connections": [ { "from": "start", "to": "inc" }, { "from": "inc", "to": "more" }, { "from": "more", "outcome": "True", "to": "inc" } ]
            }
            """);

        var started = await host.StartAsync("many-expressions");

        var details = await host.GetDetailsAsync(started.Id);
        details.Incident.ShouldBeNull();
        details.Status.ShouldBe(WorkflowStatus.Completed);
        details.NumberVariable("i").ShouldBe(200);
    }

    [Fact]
    public async Task An_expression_syntax_error_is_a_validation_error_at_the_inputs_expr_path()
    {
        await using var host = await EngineHost.CreateAsync();
        var json = """
            {
              "schemaVersion": 1, "id": "syntax", "name": "Syntax error",
              "activities": [
                { "id": "start", "type": "Start" },
                { "id": "check", "type": "Decision", "inputs": { "condition": { "expr": "total > " } } }
              ],
              "connections": [ { "from": "start", "to": "check" } ]
            }
            """;

        var errors = host.Definitions.Validate(json);
        var error = errors.ShouldHaveSingleItem();
        error.Path.ShouldBe("$.activities[1].inputs.condition.expr");
        error.Message.ShouldContain("total > ");

        var rejected = await Should.ThrowAsync<WorkflowValidationException>(() => host.PublishAsync(json, "syntax.json"));
        rejected.Errors.ShouldContain(e => e.Path == "$.activities[1].inputs.condition.expr");
        (await host.QueryAsync(db => Task.FromResult(db.Definitions.Count()))).ShouldBe(0);
    }

    // Found by the fuzzer: an expression nested deeper than the script engine accepts made
    // POST /api/workflows/validate and PUT /api/workflows/{id} answer 500.
    [Theory]
    [InlineData('[', ']', 1_000)] // refused by the script engine's nesting limit
    [InlineData('(', ')', 100_000)] // deeper than the parser's stack allows
    public async Task An_expression_nested_too_deeply_is_a_validation_error_at_its_expr_path(char open, char close, int depth)
    {
        await using var host = await EngineHost.CreateAsync();
        var expression = new string(open, depth) + (open == '(' ? "1" : string.Empty) + new string(close, depth);

        var errors = host.Definitions.Validate(OneExpression(expression));

        var error = errors.ShouldHaveSingleItem();
        error.Path.ShouldBe("$.activities[1].inputs.value.expr");
        error.Message.ShouldContain("nest");
    }

    [Fact]
    public async Task The_engine_keeps_working_after_an_expression_broke_a_limit()
    {
        await using var host = await EngineHost.CreateAsync(s => s.Configure<ExpressionOptions>(o => o.MaxStatements = 1_000));
        await host.PublishAsync(OneExpression("n > 2 ? (function () { while (true) { } })() : n * 2"));

        var broken = await host.StartAsync("sandbox", new JsonObject { ["n"] = 5 });
        var fine = await host.StartAsync("sandbox", new JsonObject { ["n"] = 1 });

        broken.Status.ShouldBe(WorkflowStatus.Faulted);
        var details = await host.GetDetailsAsync(fine.Id);
        details.Status.ShouldBe(WorkflowStatus.Completed);
        details.NumberVariable("result").ShouldBe(2);
    }

    [Theory]
    [InlineData("scores.sort()[0] === 1", "scores[0] === 5", 1)] // Array.prototype.sort works in place
    [InlineData("scores.sort()[0] === 1", "scores[0] === 5", 500)]
    [InlineData("(total = 1000) > 0", "total === 10", 1)]
    [InlineData("(total = 1000) > 0", "total === 10", 500)]
    public async Task An_expression_cannot_change_what_later_expressions_see_of_the_variables(string mutating, string check, int maxActivitiesPerBurst)
    {
        // Variables change only through activity outputs. If an expression could change them in the
        // script engine, later expressions would see values the instance does not have - and see
        // them or not depending on where a burst (or a crash and recovery) happened to split the run.
        await using var host = await EngineHost.CreateAsync(s => s.Configure<WorkflowEngineOptions>(o => o.MaxActivitiesPerBurst = maxActivitiesPerBurst));
        await host.PublishAsync($$"""
            {
              "schemaVersion": 1, "id": "isolation", "name": "Isolation",
              "variables": [ { "name": "scores", "default": [5, 1, 3] }, { "name": "total", "default": 10 } ],
              "activities": [
                { "id": "start", "type": "Start" },
                { "id": "mutate", "type": "Decision", "inputs": { "condition": { "expr": {{JsonValue.Create(mutating).ToJsonString()}} } } },
                { "id": "check", "type": "Decision", "inputs": { "condition": { "expr": {{JsonValue.Create(check).ToJsonString()}} } } }
              ],
              "connections": [ { "from": "start", "to": "mutate" }, { "from": "mutate", "outcome": "True", "to": "check" } ]
            }
            """);

        var started = await host.StartAsync("isolation");

        var details = await host.GetDetailsAsync(started.Id);
        details.Status.ShouldBe(WorkflowStatus.Completed);
        details.Variable("scores")!.ToJsonString().ShouldBe("[5,1,3]");
        details.NumberVariable("total").ShouldBe(10);
        details.Entries(JournalEventKind.ActivityCompleted, "check").ShouldHaveSingleItem().Outcome.ShouldBe("True");
    }
}
