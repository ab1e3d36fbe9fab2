using System.Text.Json.Nodes;
using Fulfillment.Workflows.Definitions;
using Fulfillment.Workflows.EntityFrameworkCore;
using Fulfillment.Workflows.Runtime;

namespace Fulfillment.Server.Studio.Pages.Instances;

public enum StepStatus
{
    NotReached,
    Done,
    Waiting,
    Faulted,

    /// <summary>Started and not finished: running now, or stopped when the instance was cancelled.</summary>
    Started,
}

/// <summary>One step of an instance in the seeds' checklist style.</summary>
/// <param name="By">Who (or what: a timer, the scheduler) resumed the step to finish it; null for a step that ran by itself.</param>
/// <param name="At">When it last finished (done), started waiting (waiting) or failed (faulted).</param>
/// <param name="Note">The step's last journal note, e.g. "Approved by warehouse-manager@demo.local: fine".</param>
/// <param name="Times">How often it finished (more than once in a loop or after rework).</param>
/// <param name="WaitingFor">The keys it waits on; timers as "timer until …".</param>
public sealed record ChecklistStep(
    string ActivityId,
    string Title,
    string Type,
    StepStatus Status,
    string? By,
    DateTimeOffset? At,
    string? Outcome,
    string? Note,
    int Times,
    IReadOnlyList<string> WaitingFor);

/// <summary>
/// An instance's steps with their status, from its definition version, its journal and its current
/// waits: the flow's activities (Start included, for the graph) in the order they are reached from Start.
/// </summary>
public static class InstanceChecklist
{
    public static IReadOnlyList<ChecklistStep> Build(WorkflowDefinition definition, InstanceDetails instance)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(instance);
        var journal = instance.Journal.Where(j => j.ActivityId is not null).ToLookup(j => j.ActivityId!, StringComparer.Ordinal);
        var waits = instance.Bookmarks.ToLookup(b => b.ActivityId, StringComparer.Ordinal);
        return FlowOrder(definition)
            .Select(node => Step(node, journal[node.Id].ToList(), waits[node.Id].ToList(), instance))
            .ToList();
    }

    /// <summary>
    /// The connections the instance followed (as <c>from|outcome|to</c>): its source finished with that
    /// outcome and its target was started afterwards.
    /// </summary>
    public static IReadOnlySet<string> TakenEdges(WorkflowDefinition definition, InstanceDetails instance)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(instance);
        var completed = instance.Journal
            .Where(j => j.Kind == nameof(JournalEventKind.ActivityCompleted) && j.ActivityId is not null)
            .ToLookup(j => (j.ActivityId!, j.Outcome));
        var started = instance.Journal
            .Where(j => j.Kind == nameof(JournalEventKind.ActivityStarted) && j.ActivityId is not null)
            .ToLookup(j => j.ActivityId!, StringComparer.Ordinal);
        return definition.Connections
            .Where(c => completed[(c.From, c.Outcome)].Any(done => started[c.To].Any(s => s.Sequence > done.Sequence)))
            .Select(c => $"{c.From}|{c.Outcome}|{c.To}")
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The activities breadth-first from Start along the connections, then any not reachable, in file order.</summary>
    public static IReadOnlyList<ActivityNode> FlowOrder(WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var byId = definition.Activities.ToDictionary(a => a.Id, StringComparer.Ordinal);
        var ordered = new List<ActivityNode>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(definition.Activities.Where(a => a.Type == "Start").Select(a => a.Id));
        while (queue.TryDequeue(out var id))
        {
            if (!seen.Add(id) || !byId.TryGetValue(id, out var node))
            {
                continue;
            }

            ordered.Add(node);
            foreach (var connection in definition.Connections.Where(c => c.From == id))
            {
                queue.Enqueue(connection.To);
            }
        }

        ordered.AddRange(definition.Activities.Where(a => !seen.Contains(a.Id)));
        return ordered;
    }

    /// <summary>What people call a step: its name, else a task's literal title, else its id.</summary>
    public static string TitleOf(ActivityNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (!string.IsNullOrWhiteSpace(node.Name))
        {
            return node.Name;
        }

        return LiteralInput(node, "title") ?? node.Id;
    }

    /// <summary>A string input written as a literal (not an expression), or null.</summary>
    private static string? LiteralInput(ActivityNode node, string name) =>
        node.Inputs.TryGetValue(name, out var input) && input is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static ChecklistStep Step(ActivityNode node, List<JournalEntryView> entries, List<BookmarkView> waits, InstanceDetails instance)
    {
        var completions = entries.Where(e => e.Kind == nameof(JournalEventKind.ActivityCompleted)).ToList();
        var lastCompletion = completions.LastOrDefault();
        var lastResume = lastCompletion is null
            ? null
            : entries.LastOrDefault(e => e.Kind == nameof(JournalEventKind.ActivityResumed) && e.Sequence < lastCompletion.Sequence);
        var note = entries.LastOrDefault(e => e.Kind == nameof(JournalEventKind.Note))?.Message;
        var started = entries.Any(e => e.Kind == nameof(JournalEventKind.ActivityStarted));

        if (instance.Incident is { } incident && incident.ActivityId == node.Id)
        {
            return new(node.Id, TitleOf(node), node.Type, StepStatus.Faulted, null, incident.At, null, incident.Message, completions.Count, []);
        }

        if (waits.Count > 0)
        {
            var since = entries.LastOrDefault(e => e.Kind == nameof(JournalEventKind.ActivitySuspended))?.At ?? waits.Min(w => w.CreatedAt);
            var role = LiteralInput(node, "approverRole") ?? LiteralInput(node, "role");
            var waitingFor = waits
                .Select(w => w switch
                {
                    { DueAt: { } due } => $"timer until {StudioFormat.Timestamp(due)}",
                    _ when w.Key.StartsWith("task:", StringComparison.Ordinal) && role is not null => $"{role} ({w.Key})",
                    _ => w.Key,
                })
                .ToList();
            return new(node.Id, TitleOf(node), node.Type, StepStatus.Waiting, null, since, null, note, completions.Count, waitingFor);
        }

        if (lastCompletion is not null)
        {
            return new(node.Id, TitleOf(node), node.Type, StepStatus.Done, lastResume?.Actor, lastCompletion.At, lastCompletion.Outcome,
                note, completions.Count, []);
        }

        return started
            ? new(node.Id, TitleOf(node), node.Type, StepStatus.Started, null, entries.Last(e => e.Kind == nameof(JournalEventKind.ActivityStarted)).At,
                null, note, 0, [])
            : new(node.Id, TitleOf(node), node.Type, StepStatus.NotReached, null, null, null, null, 0, []);
    }
}
