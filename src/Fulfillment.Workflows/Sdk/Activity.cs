using System.Text.Json.Nodes;

namespace Fulfillment.Workflows.Sdk;

/// <summary>
/// Base class of every workflow activity. A fresh instance is created for each execution,
/// with its <see cref="InputAttribute"/> properties already bound; services can be taken
/// through the constructor. An activity tells the runtime what happens next through the
/// <see cref="ActivityContext"/>: complete with outcomes, suspend on a bookmark, or end the
/// workflow. Returning without saying anything completes with <see cref="ActivityOutcomes.Done"/>.
/// </summary>
public abstract class Activity
{
    public abstract ValueTask ExecuteAsync(ActivityContext context);

    /// <summary>
    /// Called when a stimulus arrives on a bookmark this activity created. The default
    /// completes with <see cref="ActivityOutcomes.Done"/>.
    /// </summary>
    public virtual ValueTask ResumeAsync(ActivityContext context, JsonNode? payload)
    {
        context.Complete(ActivityOutcomes.Done);
        return ValueTask.CompletedTask;
    }
}

/// <summary>An activity that runs to completion in one go and returns its outcome.</summary>
public abstract class CodeActivity : Activity
{
    public sealed override async ValueTask ExecuteAsync(ActivityContext context)
    {
        var outcome = await RunAsync(context);
        context.Complete(outcome);
    }

    /// <returns>The outcome to leave by, usually <see cref="ActivityOutcomes.Done"/>.</returns>
    protected abstract ValueTask<string> RunAsync(ActivityContext context);
}
