using System.Text.Json.Nodes;

namespace Fulfillment.Workflows.Runtime;

/// <summary>Where one waiting activity of an instance lands in the target version.</summary>
/// <param name="ActivityId">The waiting activity; it keeps this id in the target version.</param>
/// <param name="Keys">The bookmark keys it waits on (a task, its reminder timer, an event …).</param>
/// <param name="TargetName">Its name in the target version; null when it does not land.</param>
/// <param name="Problem">Why it cannot land; null when it can.</param>
public sealed record MigrationLanding(
    string ActivityId,
    string ActivityType,
    string? Name,
    IReadOnlyList<string> Keys,
    string? TargetName,
    string? Problem)
{
    public bool Lands => Problem is null;
}

/// <summary>
/// What migrating an instance to another published version of its workflow would do (a preview),
/// or did. Waiting activities are mapped by id; the migration is refused when any of them is
/// missing from the target version or is a different activity type there.
/// </summary>
/// <param name="AddedVariables">Variables the target version declares that the instance does not have yet; they get their defaults.</param>
/// <param name="Problems">Every reason the migration is refused; empty when it can go ahead.</param>
/// <param name="Applied">True once the migration has been committed.</param>
public sealed record MigrationPlan(
    string InstanceId,
    string WorkflowId,
    int FromVersion,
    int ToVersion,
    IReadOnlyList<MigrationLanding> Landings,
    IReadOnlyList<string> AddedVariables,
    IReadOnlyList<string> Problems,
    bool Applied = false)
{
    public bool CanMigrate => Problems.Count == 0;
}

/// <summary>Plans and applies the move of a suspended instance to another version of its workflow.</summary>
internal static class InstanceMigration
{
    public static MigrationPlan Plan(WorkflowInstance instance, CompiledWorkflow source, CompiledWorkflow target)
    {
        var problems = new List<string>();
        if (target.Version == instance.Version)
        {
            problems.Add($"The instance already runs version {instance.Version}.");
        }

        if (instance.Status != WorkflowStatus.Suspended)
        {
            // Running work would execute half in one version, half in the other; a fault's retry item
            // and a finished instance have nothing waiting to map.
            problems.Add($"Only a suspended instance can be migrated; this one is {instance.Status}.");
        }

        var landings = instance.State.Bookmarks
            .GroupBy(b => b.ActivityId, StringComparer.Ordinal)
            .Select(waits => Land(waits.Key, waits.Select(b => b.Key).ToList(), source, target))
            .ToList();
        problems.AddRange(landings.Where(l => !l.Lands).Select(l => l.Problem!));

        var added = target.Definition.Variables
            .Where(v => !instance.State.Variables.ContainsKey(v.Name))
            .Select(v => v.Name)
            .ToList();
        return new MigrationPlan(instance.Id, instance.WorkflowId, instance.Version, target.Version, landings, added, problems);
    }

    /// <summary>The instance on the target version: the same state, plus the target's new variables at their defaults.</summary>
    public static WorkflowInstance Apply(WorkflowInstance instance, CompiledWorkflow target)
    {
        var migrated = new WorkflowInstance
        {
            Id = instance.Id,
            WorkflowId = instance.WorkflowId,
            Version = target.Version,
            CorrelationId = instance.CorrelationId,
            Status = instance.Status,
            CreatedAt = instance.CreatedAt,
            UpdatedAt = instance.UpdatedAt,
            Revision = instance.Revision,
            State = instance.State,
        };
        foreach (var variable in target.Definition.Variables.Where(v => !instance.State.Variables.ContainsKey(v.Name)))
        {
            migrated.State.SetVariable(variable.Name, variable.DefaultValue);
        }

        return migrated;
    }

    /// <summary>The journal's record of a migration: versions and where each wait landed.</summary>
    public static JsonObject Describe(MigrationPlan plan) => new()
    {
        ["fromVersion"] = plan.FromVersion,
        ["toVersion"] = plan.ToVersion,
        ["landings"] = new JsonArray(plan.Landings.Select(l => (JsonNode)new JsonObject
        {
            ["activityId"] = l.ActivityId,
            ["keys"] = new JsonArray(l.Keys.Select(k => (JsonNode)JsonValue.Create(k)).ToArray()),
        }).ToArray()),
        ["addedVariables"] = new JsonArray(plan.AddedVariables.Select(v => (JsonNode)JsonValue.Create(v)).ToArray()),
    };

    private static MigrationLanding Land(string activityId, IReadOnlyList<string> keys, CompiledWorkflow source, CompiledWorkflow target)
    {
        source.Nodes.TryGetValue(activityId, out var from);
        var type = from?.Descriptor.Type ?? "?";
        var name = from?.Node.Name;
        if (!target.Nodes.TryGetValue(activityId, out var to))
        {
            return new MigrationLanding(activityId, type, name, keys, null,
                $"'{name ?? activityId}' ({activityId}) waits, but version {target.Version} has no activity '{activityId}'.");
        }

        // The wait's state (a task, a join's arrivals, a timer) only makes sense to the same kind of activity.
        return to.Descriptor.Type == type
            ? new MigrationLanding(activityId, type, name, keys, to.Node.Name ?? activityId, null)
            : new MigrationLanding(activityId, type, name, keys, null,
                $"'{name ?? activityId}' ({activityId}) is a {type} in version {source.Version} but a {to.Descriptor.Type} in version {target.Version}.");
    }
}
