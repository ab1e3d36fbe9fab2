using System.Text.Json;
using System.Text.Json.Nodes;
using Fulfillment.HumanTasks;
using Fulfillment.Workflows;
using Fulfillment.Workflows.Sdk;

namespace Fulfillment.Operations.Activities;

/// <summary>
/// What a system step did, in the shape an <c>Approval</c> shows for the tasks it submits: the seeds
/// submit system steps too ("Create shipping label", "Update order status to ready for shipment"), so
/// the approver sees the label's tracking number or the new status as the step's submitted data.
/// </summary>
internal static class StepSubmission
{
    public const string SystemActor = "system";

    public static void Record(ActivityContext context, JsonObject data)
    {
        var title = context.Definition.Name ?? context.ActivityType;
        context.ActivityState["submission"] = JsonSerializer.SerializeToNode(
            new SubmittedTask(context.ActivityId, title, data, SystemActor, context.Now), WorkflowJson.Options);
    }
}
