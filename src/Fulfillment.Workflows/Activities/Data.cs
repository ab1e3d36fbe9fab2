using System.Text.Json.Nodes;
using Fulfillment.Workflows.Sdk;

namespace Fulfillment.Workflows.Activities;

[Activity("Data", "Set variable", Description = "Sets a workflow variable to a literal or an expression's value.")]
public sealed class SetVariable : CodeActivity
{
    [Input(Required = true, Description = "The variable to set.")]
    public string Name { get; set; } = string.Empty;

    [Input(Description = "The value: a literal, or an expression such as {\"expr\": \"count + 1\"}.")]
    public JsonNode? Value { get; set; }

    protected override ValueTask<string> RunAsync(ActivityContext context)
    {
        context.SetVariable(Name, Value);
        return ValueTask.FromResult(ActivityOutcomes.Done);
    }
}

[Activity("Events", "Wait for event", Description = "Waits until an event arrives on an explicit key, e.g. 'order:42/return'.",
    Outcomes = [ActivityOutcomes.Done, ActivityOutcomes.TimedOut])]
public sealed class WaitForEvent : Activity
{
    [Input(Required = true, Description = "The bookmark key; POST /api/events with this key resumes the workflow.")]
    public string Key { get; set; } = string.Empty;

    [Input(Description = "Give up after this long (ISO 8601, e.g. \"P2D\") and leave by TimedOut. Empty: wait forever.")]
    public TimeSpan? Timeout { get; set; }

    [Output(Description = "The event's payload.")]
    public JsonNode? Payload { get; set; }

    public override ValueTask ExecuteAsync(ActivityContext context)
    {
        context.Suspend(Key);
        if (Timeout is { } timeout)
        {
            context.TimeoutAt(context.Now + timeout);
        }

        return ValueTask.CompletedTask;
    }

    public override ValueTask ResumeAsync(ActivityContext context, JsonNode? payload)
    {
        Payload = payload;
        context.Complete(ActivityOutcomes.Done);
        return ValueTask.CompletedTask;
    }
}
