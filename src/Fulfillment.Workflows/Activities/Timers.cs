using Fulfillment.Workflows.Runtime;
using Fulfillment.Workflows.Sdk;

namespace Fulfillment.Workflows.Activities;

[Activity("Timers", "Delay", Description = "Waits for a duration, e.g. \"P3D\" for three days.")]
public sealed class Delay : Activity
{
    [Input(Required = true, Description = "How long to wait: ISO 8601 such as \"P3D\" or \"PT2H\", or an expression giving one (or milliseconds).")]
    public TimeSpan Duration { get; set; }

    public override ValueTask ExecuteAsync(ActivityContext context)
    {
        if (Duration < TimeSpan.Zero)
        {
            throw new WorkflowFaultException($"Delay duration {Duration} is negative.");
        }

        context.SuspendUntil(context.Now + Duration);
        return ValueTask.CompletedTask;
    }
}

[Activity("Timers", "Timer", Description = "Waits until an instant; continues at once if it has passed.")]
public sealed class TimerActivity : Activity
{
    [Input(Required = true, Description = "The instant to wait for (ISO 8601), usually an expression.")]
    public DateTimeOffset Until { get; set; }

    public override ValueTask ExecuteAsync(ActivityContext context)
    {
        if (Until <= context.Now)
        {
            context.Complete(ActivityOutcomes.Done);
        }
        else
        {
            context.SuspendUntil(Until.ToUniversalTime());
        }

        return ValueTask.CompletedTask;
    }
}
