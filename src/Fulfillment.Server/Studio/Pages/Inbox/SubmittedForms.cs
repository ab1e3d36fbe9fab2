using System.Text.Json;
using System.Text.Json.Nodes;
using Fulfillment.HumanTasks;
using Fulfillment.HumanTasks.Forms;
using Fulfillment.Workflows;
using Fulfillment.Workflows.Definitions;
using Fulfillment.Workflows.Runtime;

namespace Fulfillment.Server.Studio.Pages.Inbox;

/// <summary>The forms of an approval's submitted tasks, read from the definition version its instance runs, for their labels.</summary>
internal static class SubmittedForms
{
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<FormField>>> LoadAsync(
        HumanTaskView approval, IWorkflowInstanceStore instances, WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        var forms = new Dictionary<string, IReadOnlyList<FormField>>(StringComparer.Ordinal);
        if (approval.Submitted is not { Count: > 0 } submitted || await instances.FindAsync(approval.InstanceId, cancellationToken) is not { } instance)
        {
            return forms;
        }

        var workflow = await definitions.GetPublishedAsync(instance.WorkflowId, instance.Version, cancellationToken);
        foreach (var task in submitted)
        {
            // Only a form written as a literal list has labels to show; an expression's result is not known here.
            if (workflow.Definition.Activities.FirstOrDefault(a => a.Id == task.ActivityId) is { } node
                && node.Inputs.TryGetValue("form", out var form) && form is JsonArray)
            {
                forms[task.ActivityId] = form.Deserialize<List<FormField>>(WorkflowJson.Options) ?? [];
            }
        }

        return forms;
    }
}
