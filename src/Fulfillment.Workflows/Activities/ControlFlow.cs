using System.Text.Json.Nodes;
using Fulfillment.Workflows.Definitions;
using Fulfillment.Workflows.Descriptors;
using Fulfillment.Workflows.Runtime;
using Fulfillment.Workflows.Sdk;

namespace Fulfillment.Workflows.Activities;

[Activity("Flow", "Start", Description = "Where the workflow begins. Exactly one per workflow; a schedule starts it by itself.")]
public sealed class Start : CodeActivity
{
    /// <summary>Read from the definition when a version is published, not at run time.</summary>
    [Input(Description = "Cron expression (5 fields, UTC), e.g. \"0 8 * * MON-FRI\": the published version starts on this schedule.", UIHint = "cron")]
    public string? Schedule { get; set; }

    protected override ValueTask<string> RunAsync(ActivityContext context) => ValueTask.FromResult(ActivityOutcomes.Done);
}

[Activity("Flow", "End", Description = "Completes the workflow, cancelling any other waiting paths.", Outcomes = [])]
public sealed class End : Activity
{
    [Input(Description = "The workflow's output (usually an expression).")]
    public JsonNode? Output { get; set; }

    public override ValueTask ExecuteAsync(ActivityContext context)
    {
        context.EndWorkflow(Output);
        return ValueTask.CompletedTask;
    }
}

[Activity("Flow", "Decision", Description = "Leaves by True or False depending on a condition.",
    Outcomes = [ActivityOutcomes.True, ActivityOutcomes.False])]
public sealed class Decision : CodeActivity
{
    [Input(Required = true, Description = "A condition, usually an expression such as {\"expr\": \"total > 100\"}.")]
    public bool Condition { get; set; }

    protected override ValueTask<string> RunAsync(ActivityContext context) =>
        ValueTask.FromResult(Condition ? ActivityOutcomes.True : ActivityOutcomes.False);
}

/// <summary>One branch of a <see cref="Switch"/>: its outcome name and JavaScript condition.</summary>
public sealed record SwitchCase(string Label, string Condition);

[Activity("Flow", "Switch", Description = "Leaves by the first case whose condition holds, or Default.", Outcomes = [ActivityOutcomes.Default])]
public sealed class Switch : CodeActivity, IDynamicOutcomes
{
    [Input(Required = true, Description = "Cases in order: each a label (the outcome) and a JavaScript condition.", UIHint = "cases")]
    public IReadOnlyList<SwitchCase> Cases { get; set; } = [];

    public static IReadOnlyList<string> OutcomesFor(ActivityNode node)
    {
        var labels = new List<string>();
        if (node.Inputs.TryGetValue("cases", out var cases) && cases is JsonArray array)
        {
            // Called while validating, so cases of the wrong shape (reported there) are skipped, not thrown on.
            labels.AddRange(array.Select(c => c is JsonObject switchCase && switchCase["label"] is JsonValue label && label.TryGetValue(out string? text) ? text : null)
                .OfType<string>());
        }

        labels.Add(ActivityOutcomes.Default);
        return labels;
    }

    protected override ValueTask<string> RunAsync(ActivityContext context)
    {
        var match = Cases.FirstOrDefault(c => context.Evaluate<bool>(c.Condition));
        return ValueTask.FromResult(match?.Label ?? ActivityOutcomes.Default);
    }
}

[Activity("Flow", "Fork", Description = "Starts every connected branch in parallel.")]
public sealed class Fork : CodeActivity
{
    // Every connection from the Done outcome is followed; that is what makes the branches parallel.
    protected override ValueTask<string> RunAsync(ActivityContext context) => ValueTask.FromResult(ActivityOutcomes.Done);
}

public enum JoinMode
{
    /// <summary>Continue once every incoming connection has arrived.</summary>
    All,

    /// <summary>Continue on the first arrival; later arrivals of the same round are absorbed.</summary>
    Any,
}

[Activity("Flow", "Join", Description = "Waits for parallel branches: all of them, or the first to arrive.")]
public sealed class Join : Activity
{
    [Input(Description = "All: wait for every incoming branch. Any: continue on the first.", DefaultValue = "\"All\"")]
    public JoinMode Mode { get; set; } = JoinMode.All;

    public override ValueTask ExecuteAsync(ActivityContext context)
    {
        var state = context.ActivityState;
        var arrivals = state["arrived"] as JsonArray ?? [];
        state["arrived"] = arrivals;
        var arrival = $"{context.Inbound?.FromActivityId}:{context.Inbound?.Outcome}";
        if (!arrivals.Any(a => a?.GetValue<string>() == arrival))
        {
            arrivals.Add(arrival);
        }

        var expected = Math.Max(1, context.Node.InboundConnectionCount);
        var roundComplete = arrivals.Count >= expected;
        var fire = Mode == JoinMode.All ? roundComplete : arrivals.Count == 1;
        if (roundComplete)
        {
            // Reset, so a loop can come through the join again.
            state.Remove("arrived");
        }

        if (fire)
        {
            context.Complete(ActivityOutcomes.Done);
        }
        else
        {
            context.Halt();
        }

        return ValueTask.CompletedTask;
    }
}

[Activity("Flow", "Fail", Description = "Faults the workflow with a message, as an incident an operator can see.", Outcomes = [])]
public sealed class Fail : Activity
{
    [Input(Required = true, Description = "Why the workflow failed.")]
    public string Message { get; set; } = string.Empty;

    public override ValueTask ExecuteAsync(ActivityContext context) => throw new WorkflowFaultException(Message);
}
