using System.Collections;
using System.Reflection;
using System.Text.Json.Nodes;
using Fulfillment.Workflows.Definitions;
using Fulfillment.Workflows.Sdk;

namespace Fulfillment.Workflows.Descriptors;

/// <summary>Reads an activity class's attributes into an <see cref="ActivityDescriptor"/>.</summary>
internal static class ActivityDescriptorFactory
{
    private static readonly MethodInfo ResolveOutcomesMethod =
        typeof(ActivityDescriptorFactory).GetMethod(nameof(ResolveOutcomes), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static readonly MethodInfo ValidateMethod =
        typeof(ActivityDescriptorFactory).GetMethod(nameof(ValidateNode), BindingFlags.NonPublic | BindingFlags.Static)!;

    public static ActivityDescriptor Create(Type type)
    {
        if (!typeof(Activity).IsAssignableFrom(type) || type.IsAbstract)
        {
            throw new ArgumentException($"{type} is not a concrete Activity.", nameof(type));
        }

        var attribute = type.GetCustomAttribute<ActivityAttribute>()
            ?? throw new ArgumentException($"{type} has no [Activity] attribute.", nameof(type));

        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        var inputs = properties
            .Where(p => p.GetCustomAttribute<InputAttribute>() is not null)
            .Select(CreateInput)
            .ToArray();
        var outputs = properties
            .Where(p => p.GetCustomAttribute<OutputAttribute>() is not null)
            .Select(p => new OutputDescriptor(ToCamelCase(p.Name), EditorType(p.PropertyType))
            {
                Description = p.GetCustomAttribute<OutputAttribute>()!.Description,
                Property = p,
            })
            .ToArray();

        Func<ActivityNode, IReadOnlyList<string>>? resolver = null;
        if (typeof(IDynamicOutcomes).IsAssignableFrom(type))
        {
            resolver = ResolveOutcomesMethod.MakeGenericMethod(type)
                .CreateDelegate<Func<ActivityNode, IReadOnlyList<string>>>();
        }

        Func<ActivityNode, string, IEnumerable<ValidationError>>? validator = null;
        if (typeof(IValidatingActivity).IsAssignableFrom(type))
        {
            validator = ValidateMethod.MakeGenericMethod(type)
                .CreateDelegate<Func<ActivityNode, string, IEnumerable<ValidationError>>>();
        }

        return new ActivityDescriptor(
            attribute.Type ?? DefaultTypeName(type),
            attribute.Category,
            attribute.DisplayName,
            attribute.Description,
            inputs,
            outputs,
            attribute.Outcomes)
        {
            ClrType = type,
            OutcomesResolver = resolver,
            Validator = validator,
        };
    }

    private static IEnumerable<ValidationError> ValidateNode<T>(ActivityNode node, string path)
        where T : IValidatingActivity => T.Validate(node, path);

    private static IReadOnlyList<string> ResolveOutcomes<T>(ActivityNode node)
        where T : IDynamicOutcomes => T.OutcomesFor(node);

    private static InputDescriptor CreateInput(PropertyInfo property)
    {
        if (property.SetMethod is not { IsPublic: true })
        {
            throw new ArgumentException($"Input {property.DeclaringType}.{property.Name} needs a public setter.");
        }

        var attribute = property.GetCustomAttribute<InputAttribute>()!;
        var underlying = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var options = attribute.Options ?? (underlying.IsEnum ? Enum.GetNames(underlying) : null);
        return new InputDescriptor(ToCamelCase(property.Name), EditorType(property.PropertyType), attribute.Required)
        {
            DisplayName = attribute.DisplayName ?? SplitWords(property.Name),
            Description = attribute.Description,
            Options = options,
            UIHint = attribute.UIHint,
            DefaultValue = attribute.DefaultValue is null ? null : JsonNode.Parse(attribute.DefaultValue),
            Property = property,
        };
    }

    internal static string EditorType(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string) || type.IsEnum)
        {
            return "string";
        }

        if (type == typeof(bool))
        {
            return "boolean";
        }

        if (type == typeof(int) || type == typeof(long) || type == typeof(short))
        {
            return "integer";
        }

        if (type == typeof(double) || type == typeof(decimal) || type == typeof(float))
        {
            return "number";
        }

        if (type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(DateOnly))
        {
            return "datetime";
        }

        if (type == typeof(TimeSpan))
        {
            return "duration";
        }

        if (typeof(JsonNode).IsAssignableFrom(type) || type == typeof(object))
        {
            return "json";
        }

        if (typeof(IEnumerable<string>).IsAssignableFrom(type))
        {
            return "string[]";
        }

        return typeof(IEnumerable).IsAssignableFrom(type) ? "array" : "object";
    }

    private static string DefaultTypeName(Type type) =>
        type.Name.EndsWith("Activity", StringComparison.Ordinal) && type.Name.Length > "Activity".Length
            ? type.Name[..^"Activity".Length]
            : type.Name;

    internal static string ToCamelCase(string name) =>
        name.Length == 0 || char.IsLower(name[0]) ? name : char.ToLowerInvariant(name[0]) + name[1..];

    private static string SplitWords(string name) =>
        string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) && !char.IsUpper(name[i - 1]) ? " " + char.ToLowerInvariant(c) : c.ToString()));
}
