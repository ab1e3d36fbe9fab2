using System.Globalization;
using System.Text.Json.Nodes;
using Fulfillment.HumanTasks;
using Fulfillment.HumanTasks.Forms;

namespace Fulfillment.Bench;

/// <summary>
/// The people of the benchmark: each role's holder takes their inbox and completes every open task
/// through <see cref="HumanTaskService"/>, the call the web's task page and API make. Forms are filled
/// from their own schema (every field, the first option of a list, checkboxes ticked) and approvals
/// approved, so any workflow's happy path can be driven without knowing its steps.
/// </summary>
internal sealed class SimulatedActors(FulfillmentStack stack, int parallelism, Latencies resumes)
{
    /// <summary>Completes every task open now in any role's inbox; the number completed.</summary>
    public async Task<int> WorkInboxesAsync(CancellationToken cancellationToken)
    {
        var tasks = stack.Get<HumanTaskService>();
        var completed = 0;
        foreach (var role in FulfillmentStack.People.Keys)
        {
            var person = FulfillmentStack.Person(role);
            var open = await tasks.InboxAsync(person, HumanTaskStatus.Open, cancellationToken);
            await Parallel.ForEachAsync(open, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (task, ct) =>
            {
                var (outcome, data) = Answer(task, stack.Host.Clock.GetUtcNow());
                await resumes.TimeAsync(() => tasks.CompleteAsync(task.Id, person, outcome, data, comment: null, idempotencyKey: null, ct));
                Interlocked.Increment(ref completed);
            });
        }

        return completed;
    }

    private static (string? Outcome, JsonObject? Data) Answer(HumanTaskView task, DateTimeOffset now)
    {
        if (task.Kind == HumanTaskKind.Approval)
        {
            return ("Approved", null);
        }

        var data = new JsonObject();
        foreach (var field in task.Form.Fields)
        {
            data[field.Name] = Value(field, now);
        }

        return (task.Outcomes.Count > 1 ? task.Outcomes[0] : null, data);
    }

    private static JsonNode? Value(FormField field, DateTimeOffset now) => field.Type switch
    {
        FormFieldType.Checkbox => true,
        FormFieldType.Number => 1,
        FormFieldType.Date => now.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        FormFieldType.Dropdown => field.Options is [var first, ..] ? first : "n/a",
        FormFieldType.MultipleChoice => field.Options is [var first, ..] ? new JsonArray(first) : new JsonArray(),
        _ => $"{field.Label ?? field.Name}: done",
    };
}
