using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Fulfillment.Workflows.Activities;
using Fulfillment.Workflows.Descriptors;
using Fulfillment.Workflows.Expressions;

namespace Fulfillment.Workflows.Definitions;

/// <summary>
/// Checks a parsed definition against the known activity types: ids, types, inputs (required,
/// literal types, option lists, expression syntax), outputs, connections and reachability.
/// Every error names the JSON path it is about.
/// </summary>
public sealed partial class WorkflowValidator(ActivityRegistry registry, ExpressionCompiler expressions)
{
    public IReadOnlyList<ValidationError> Validate(WorkflowDefinition definition)
    {
        var errors = new List<ValidationError>();
        if (definition.SchemaVersion != WorkflowDefinition.CurrentSchemaVersion)
        {
            errors.Add(new("$.schemaVersion", $"Unsupported schema version {definition.SchemaVersion}; this engine reads version {WorkflowDefinition.CurrentSchemaVersion}."));
        }

        if (!IsValidWorkflowId(definition.Id))
        {
            errors.Add(new("$.id", InvalidIdMessage));
        }

        if (string.IsNullOrWhiteSpace(definition.Name))
        {
            errors.Add(new("$.name", "The name is required."));
        }

        ValidateVariables(definition, errors);
        var nodes = ValidateActivities(definition, errors);
        ValidateConnections(definition, nodes, errors);
        return errors;
    }

    /// <summary>What is wrong with an id that <see cref="IsValidWorkflowId"/> refuses.</summary>
    public const string InvalidIdMessage = "The id must be lower-case letters, digits, '-', '_' or '.', starting with a letter or digit.";

    /// <summary>Workflow ids appear in URLs, file names and bookmarks, so they are kept to a safe alphabet.</summary>
    public static bool IsValidWorkflowId(string? id) => id is not null && IdPattern().IsMatch(id);

    /// <summary>True when the input value is an expression (<c>{"expr": "..."}</c>), with its code.</summary>
    public static bool IsExpression(JsonNode? value, out string code)
    {
        if (value is JsonObject { Count: 1 } obj && obj["expr"] is JsonValue v && v.TryGetValue(out string? text))
        {
            code = text;
            return true;
        }

        code = string.Empty;
        return false;
    }

    private static void ValidateVariables(WorkflowDefinition definition, List<ValidationError> errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < definition.Variables.Count; i++)
        {
            var variable = definition.Variables[i];
            if (variable is null || !IdentifierPattern().IsMatch(variable.Name))
            {
                errors.Add(new($"$.variables[{i}].name", "A variable name must be a JavaScript identifier (letters, digits, _ or $, not starting with a digit)."));
            }
            else if (!names.Add(variable.Name))
            {
                errors.Add(new($"$.variables[{i}].name", $"Variable '{variable.Name}' is declared twice."));
            }
        }
    }

    private Dictionary<string, (ActivityNode Node, ActivityDescriptor? Descriptor)> ValidateActivities(
        WorkflowDefinition definition, List<ValidationError> errors)
    {
        var nodes = new Dictionary<string, (ActivityNode, ActivityDescriptor?)>(StringComparer.Ordinal);
        var starts = 0;
        for (var i = 0; i < definition.Activities.Count; i++)
        {
            var path = $"$.activities[{i}]";
            var node = definition.Activities[i];
            if (node is null)
            {
                errors.Add(new(path, "An activity cannot be null."));
                continue;
            }

            if (string.IsNullOrWhiteSpace(node.Id))
            {
                errors.Add(new($"{path}.id", "The activity id is required."));
                continue;
            }

            if (nodes.ContainsKey(node.Id))
            {
                errors.Add(new($"{path}.id", $"Activity id '{node.Id}' is used more than once."));
                continue;
            }

            registry.TryGet(node.Type, out var descriptor);
            nodes[node.Id] = (node, descriptor);
            if (descriptor is null)
            {
                errors.Add(new($"{path}.type", $"Unknown activity type '{node.Type}'."));
                continue;
            }

            if (descriptor.ClrType == typeof(Start))
            {
                starts++;
                ValidateSchedule(path, node, errors);
            }

            ValidateInputs(path, node, descriptor, errors);
            if (descriptor.Validator is { } validate)
            {
                errors.AddRange(validate(node, path));
            }
            if (descriptor.ClrType == typeof(Switch))
            {
                ValidateSwitchConditions(path, node, errors);
            }

            ValidateOutputs(path, node, descriptor, errors);
        }

        if (starts != 1)
        {
            errors.Add(new("$.activities", $"A workflow needs exactly one Start activity; found {starts}."));
        }

        return nodes;
    }

    private void ValidateInputs(string path, ActivityNode node, ActivityDescriptor descriptor, List<ValidationError> errors)
    {
        foreach (var (name, value) in node.Inputs)
        {
            var inputPath = $"{path}.inputs.{name}";
            var input = descriptor.Inputs.FirstOrDefault(d => d.Name == name);
            if (input is null)
            {
                errors.Add(new(inputPath, $"'{descriptor.Type}' has no input '{name}'. Known inputs: {string.Join(", ", descriptor.Inputs.Select(d => d.Name))}."));
                continue;
            }

            if (IsExpression(value, out var code))
            {
                if (expressions.Check(code) is { } problem)
                {
                    errors.Add(new($"{inputPath}.expr", problem));
                }

                continue;
            }

            ValidateLiteral(inputPath, input, value, errors);
        }

        foreach (var input in descriptor.Inputs.Where(d => d.Required))
        {
            if (!node.Inputs.TryGetValue(input.Name, out var value) || value is null
                || (value is JsonValue v && v.TryGetValue(out string? s) && string.IsNullOrWhiteSpace(s)))
            {
                errors.Add(new($"{path}.inputs.{input.Name}", $"Input '{input.Name}' is required."));
            }
        }
    }

    private void ValidateSwitchConditions(string path, ActivityNode node, List<ValidationError> errors)
    {
        if (!node.Inputs.TryGetValue("cases", out var cases) || cases is not JsonArray array)
        {
            return;
        }

        for (var i = 0; i < array.Count; i++)
        {
            // A case of another shape is already an error at the cases (their literal type is checked).
            if (array[i] is JsonObject switchCase && switchCase["condition"] is JsonValue condition
                && condition.TryGetValue(out string? code) && expressions.Check(code) is { } problem)
            {
                errors.Add(new($"{path}.inputs.cases[{i}].condition", problem));
            }
        }
    }

    private static void ValidateSchedule(string path, ActivityNode node, List<ValidationError> errors)
    {
        if (!node.Inputs.TryGetValue("schedule", out var value) || value is null)
        {
            return;
        }

        // A schedule is read when a version is published, so it cannot depend on an instance's variables.
        if (value.GetValueKind() != JsonValueKind.String)
        {
            errors.Add(new($"{path}.inputs.schedule", "A schedule must be a literal cron expression, not an expression."));
        }
        else if (CronSchedule.Check(value.GetValue<string>()) is { } problem)
        {
            errors.Add(new($"{path}.inputs.schedule", problem));
        }
    }

    private static void ValidateLiteral(string path, InputDescriptor input, JsonNode? value, List<ValidationError> errors)
    {
        if (value is null)
        {
            return;
        }

        try
        {
            _ = value.Deserialize(input.Property.PropertyType, WorkflowJson.Options);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or NotSupportedException)
        {
            errors.Add(new(path, $"Expected a value of type {input.Type}; got {value.ToJsonString()}."));
            return;
        }

        if (input.Options is { Count: > 0 } options && value is JsonValue jv && jv.TryGetValue(out string? text)
            && !options.Contains(text, StringComparer.Ordinal))
        {
            errors.Add(new(path, $"'{text}' is not one of: {string.Join(", ", options)}."));
        }
    }

    private static void ValidateOutputs(string path, ActivityNode node, ActivityDescriptor descriptor, List<ValidationError> errors)
    {
        foreach (var (name, variable) in node.Outputs)
        {
            if (descriptor.Outputs.All(o => o.Name != name))
            {
                errors.Add(new($"{path}.outputs.{name}", $"'{descriptor.Type}' has no output '{name}'."));
            }
            else if (!IdentifierPattern().IsMatch(variable ?? string.Empty))
            {
                errors.Add(new($"{path}.outputs.{name}", "The target variable must be a JavaScript identifier."));
            }
        }
    }

    private static void ValidateConnections(
        WorkflowDefinition definition,
        Dictionary<string, (ActivityNode Node, ActivityDescriptor? Descriptor)> nodes,
        List<ValidationError> errors)
    {
        var adjacency = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var seen = new HashSet<(string, string, string)>();
        for (var i = 0; i < definition.Connections.Count; i++)
        {
            var path = $"$.connections[{i}]";
            var connection = definition.Connections[i];
            if (connection is null)
            {
                errors.Add(new(path, "A connection cannot be null."));
                continue;
            }

            if (!nodes.TryGetValue(connection.From, out var from))
            {
                errors.Add(new($"{path}.from", $"No activity has id '{connection.From}'."));
                continue;
            }

            if (!nodes.ContainsKey(connection.To))
            {
                errors.Add(new($"{path}.to", $"No activity has id '{connection.To}'."));
                continue;
            }

            if (from.Descriptor is { } descriptor && !descriptor.OutcomesFor(from.Node).Contains(connection.Outcome, StringComparer.Ordinal))
            {
                errors.Add(new($"{path}.outcome", $"'{connection.From}' ({descriptor.Type}) has no outcome '{connection.Outcome}'. Its outcomes: {string.Join(", ", descriptor.OutcomesFor(from.Node))}."));
            }

            if (!seen.Add((connection.From, connection.Outcome, connection.To)))
            {
                errors.Add(new(path, "This connection is a duplicate."));
            }

            if (!adjacency.TryGetValue(connection.From, out var targets))
            {
                adjacency[connection.From] = targets = [];
            }

            targets.Add(connection.To);
        }

        var start = nodes.Values.FirstOrDefault(n => n.Descriptor?.ClrType == typeof(Start)).Node;
        if (start is null)
        {
            return;
        }

        var reachable = new HashSet<string>(StringComparer.Ordinal) { start.Id };
        var pending = new Stack<string>([start.Id]);
        while (pending.TryPop(out var id))
        {
            foreach (var next in adjacency.GetValueOrDefault(id) ?? [])
            {
                if (reachable.Add(next))
                {
                    pending.Push(next);
                }
            }
        }

        for (var i = 0; i < definition.Activities.Count; i++)
        {
            if (definition.Activities[i] is { } node && !string.IsNullOrWhiteSpace(node.Id) && !reachable.Contains(node.Id))
            {
                errors.Add(new($"$.activities[{i}]", $"Activity '{node.Id}' cannot be reached from Start."));
            }
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,99}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[A-Za-z_$][A-Za-z0-9_$]*$")]
    private static partial Regex IdentifierPattern();
}
