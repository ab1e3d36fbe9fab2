using System.Text.Json.Nodes;
using Fulfillment.Workflows.Expressions;

namespace Fulfillment.Workflows.Runtime;

/// <summary>The ambient things one execution burst of one instance shares.</summary>
internal sealed class ExecutionScope(
    CompiledWorkflow workflow,
    ActivityFactory factory,
    WorkflowInstance instance,
    ExpressionScope expressions,
    TimeProvider clock,
    IServiceProvider services,
    string actor,
    string nodeName,
    CancellationToken cancellationToken)
{
    public CompiledWorkflow Workflow { get; } = workflow;

    public ActivityFactory Factory { get; } = factory;

    public WorkflowInstance Instance { get; } = instance;

    public InstanceState State => Instance.State;

    public ExpressionScope Expressions { get; } = expressions;

    public TimeProvider Clock { get; } = clock;

    public IServiceProvider Services { get; } = services;

    public string Actor { get; } = actor;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public BurstEffects Effects { get; } = new();

    public void Journal(JournalEventKind kind, ActivityNodeRuntime? node, string? outcome, string? message = null, JsonNode? data = null) =>
        Effects.Journal.Add(new JournalEntry(Instance.Id, Clock.GetUtcNow(), kind, Actor)
        {
            ActivityId = node?.Id,
            ActivityType = node?.Descriptor.Type,
            ActivityName = node?.Node.Name,
            Outcome = outcome,
            Message = message,
            DataJson = data?.ToJsonString(),
            Node = nodeName,
        });
}
