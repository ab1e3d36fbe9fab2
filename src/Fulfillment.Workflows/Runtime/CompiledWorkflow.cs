using System.Collections.Frozen;
using Fulfillment.Workflows.Activities;
using Fulfillment.Workflows.Definitions;
using Fulfillment.Workflows.Descriptors;

namespace Fulfillment.Workflows.Runtime;

/// <summary>
/// A validated definition version indexed for execution: nodes by id with their descriptors and
/// outgoing connections per outcome. Built once per (workflow, version) and shared by all runs.
/// </summary>
public sealed class CompiledWorkflow
{
    internal CompiledWorkflow(WorkflowDefinition definition, int version, ActivityRegistry registry)
    {
        Definition = definition;
        Version = version;
        var inbound = definition.Connections
            .GroupBy(c => c.To, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(c => (c.From, c.Outcome)).Distinct().Count(), StringComparer.Ordinal);
        Nodes = definition.Activities.ToFrozenDictionary(
            a => a.Id,
            a =>
            {
                registry.TryGet(a.Type, out var descriptor);
                var outgoing = definition.Connections
                    .Where(c => c.From == a.Id)
                    .GroupBy(c => c.Outcome, StringComparer.Ordinal)
                    .ToFrozenDictionary(g => g.Key, g => g.Select(c => c.To).ToArray(), StringComparer.Ordinal);
                return new ActivityNodeRuntime(a, descriptor!, outgoing, inbound.GetValueOrDefault(a.Id));
            },
            StringComparer.Ordinal);
        Start = Nodes.Values.Single(n => n.Descriptor.ClrType == typeof(Start));
    }

    public WorkflowDefinition Definition { get; }

    public string WorkflowId => Definition.Id;

    public int Version { get; }

    internal FrozenDictionary<string, ActivityNodeRuntime> Nodes { get; }

    internal ActivityNodeRuntime Start { get; }
}

/// <summary>One node of a compiled workflow.</summary>
internal sealed class ActivityNodeRuntime(
    ActivityNode node,
    ActivityDescriptor descriptor,
    FrozenDictionary<string, string[]> outgoing,
    int inboundConnectionCount)
{
    public string Id => Node.Id;

    public ActivityNode Node { get; } = node;

    public ActivityDescriptor Descriptor { get; } = descriptor;

    /// <summary>Target activity ids per outcome.</summary>
    public FrozenDictionary<string, string[]> Outgoing { get; } = outgoing;

    /// <summary>Distinct (source, outcome) pairs leading here; a join waits for all of them.</summary>
    public int InboundConnectionCount { get; } = inboundConnectionCount;
}
