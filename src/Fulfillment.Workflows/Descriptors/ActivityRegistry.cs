using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Fulfillment.Workflows.Descriptors;

/// <summary>The activity types known to this host, by their short type name.</summary>
public sealed class ActivityRegistry
{
    private readonly FrozenDictionary<string, ActivityDescriptor> _byType;

    public ActivityRegistry(IEnumerable<ActivityDescriptor> descriptors)
    {
        var byType = new Dictionary<string, ActivityDescriptor>(StringComparer.Ordinal);
        foreach (var descriptor in descriptors)
        {
            if (byType.TryGetValue(descriptor.Type, out var existing) && existing.ClrType != descriptor.ClrType)
            {
                throw new InvalidOperationException(
                    $"Activity type name '{descriptor.Type}' is used by both {existing.ClrType} and {descriptor.ClrType}.");
            }

            byType[descriptor.Type] = descriptor;
        }

        _byType = byType.ToFrozenDictionary(StringComparer.Ordinal);
        All = [.. _byType.Values.OrderBy(d => d.Category, StringComparer.Ordinal).ThenBy(d => d.DisplayName, StringComparer.Ordinal)];
    }

    /// <summary>Every descriptor, ordered by category then display name (palette order).</summary>
    public IReadOnlyList<ActivityDescriptor> All { get; }

    public bool TryGet(string type, [NotNullWhen(true)] out ActivityDescriptor? descriptor) =>
        _byType.TryGetValue(type, out descriptor);
}
