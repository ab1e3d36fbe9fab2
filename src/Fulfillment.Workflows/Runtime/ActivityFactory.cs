using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fulfillment.Workflows.Definitions;
using Fulfillment.Workflows.Descriptors;
using Fulfillment.Workflows.Sdk;
using Microsoft.Extensions.DependencyInjection;

namespace Fulfillment.Workflows.Runtime;

/// <summary>Creates activity instances (with constructor injection) and binds their inputs.</summary>
internal sealed class ActivityFactory
{
    private readonly ConcurrentDictionary<Type, ObjectFactory> _factories = new();

    public Activity Create(ActivityNodeRuntime node, ExecutionScope scope)
    {
        var factory = _factories.GetOrAdd(node.Descriptor.ClrType, static t => ActivatorUtilities.CreateFactory(t, Type.EmptyTypes));
        var activity = (Activity)factory(scope.Services, null);
        foreach (var input in node.Descriptor.Inputs)
        {
            if (node.Node.Inputs.TryGetValue(input.Name, out var value))
            {
                input.Property.SetValue(activity, Bind(input, value, scope));
            }
            else if (input.DefaultValue is not null)
            {
                input.Property.SetValue(activity, input.DefaultValue.Deserialize(input.Property.PropertyType, WorkflowJson.Options));
            }
        }

        return activity;
    }

    /// <summary>Copies the node's mapped outputs into workflow variables.</summary>
    public static void WriteOutputs(ActivityNodeRuntime node, Activity activity, InstanceState state)
    {
        foreach (var (outputName, variable) in node.Node.Outputs)
        {
            var output = node.Descriptor.Outputs.First(o => o.Name == outputName);
            var value = output.Property.GetValue(activity);
            state.SetVariable(variable, JsonSerializer.SerializeToNode(value, output.Property.PropertyType, WorkflowJson.Options));
        }
    }

    private static object? Bind(InputDescriptor input, JsonNode? value, ExecutionScope scope)
    {
        var type = input.Property.PropertyType;
        if (WorkflowValidator.IsExpression(value, out var code))
        {
            return scope.Expressions.Evaluate(code, type);
        }

        try
        {
            return value?.Deserialize(type, WorkflowJson.Options);
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"Input '{input.Name}' expects {input.Type} but has {value?.ToJsonString()}.", ex);
        }
    }
}
