using Fulfillment.Workflows.EntityFrameworkCore;
using Fulfillment.Workflows.Runtime;
using Fulfillment.Workflows.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Fulfillment.MultiNode.Tests.Infrastructure;

/// <summary>The workflows the store tests run, and small readers over a node's view.</summary>
public static class Flows
{
    /// <summary>A one-hour timer, then a counted step.</summary>
    public const string Timed = """
        {
          "schemaVersion": 1, "id": "timed", "name": "Timed",
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "wait", "type": "Delay", "inputs": { "duration": "PT1H" } },
            { "id": "after", "type": "CountedStep" }
          ],
          "connections": [ { "from": "start", "to": "wait" }, { "from": "wait", "to": "after" } ]
        }
        """;

    /// <summary>Waits for <c>go:&lt;key&gt;</c>, then a counted step.</summary>
    public const string Waiter = """
        {
          "schemaVersion": 1, "id": "waiter", "name": "Waiter",
          "variables": [ { "name": "key", "default": "" } ],
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "wait", "type": "WaitForEvent", "inputs": { "key": { "expr": "'go:' + key" } } },
            { "id": "after", "type": "CountedStep" }
          ],
          "connections": [ { "from": "start", "to": "wait" }, { "from": "wait", "to": "after" } ]
        }
        """;

    /// <summary>One outbox message.</summary>
    public const string Mailer = """
        {
          "schemaVersion": 1, "id": "mailer", "name": "Mailer",
          "activities": [ { "id": "start", "type": "Start" }, { "id": "send", "type": "SendTestMessage" } ],
          "connections": [ { "from": "start", "to": "send" } ]
        }
        """;

    /// <summary>Three counted steps in a row (with one activity per burst: a commit after each).</summary>
    public const string Pipeline = """
        {
          "schemaVersion": 1, "id": "pipeline", "name": "Pipeline",
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "a", "type": "CountedStep" }, { "id": "b", "type": "CountedStep" }, { "id": "c", "type": "CountedStep" }
          ],
          "connections": [ { "from": "start", "to": "a" }, { "from": "a", "to": "b" }, { "from": "b", "to": "c" } ]
        }
        """;

    public static IWorkflowInstanceStore Store(this WorkflowTestHost node) => node.Services.GetRequiredService<IWorkflowInstanceStore>();

    public static OutboxDispatcher Outbox(this WorkflowTestHost node) => node.Services.GetRequiredService<OutboxDispatcher>();

    /// <summary>Journal entries of one kind (and activity), as committed.</summary>
    public static IReadOnlyList<JournalEntryView> Entries(this InstanceDetails details, JournalEventKind kind, string? activityId = null) =>
        details.Journal.Where(j => j.Kind == kind.ToString() && (activityId is null || j.ActivityId == activityId)).ToList();
}
