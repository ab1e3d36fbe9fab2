using System.Text.Json;

namespace Fulfillment.Fuzz.Tests.Definitions;

/// <summary>What the fuzzer needs of an activity descriptor from <c>GET /api/activity-types</c>.</summary>
public sealed record ActivityTypeInfo(string Type, IReadOnlyList<InputInfo> Inputs, IReadOnlyList<string> Outputs)
{
    public static IReadOnlyList<ActivityTypeInfo> Parse(JsonElement descriptors) =>
    [
        .. descriptors.EnumerateArray().Select(d => new ActivityTypeInfo(
            d.GetProperty("type").GetString()!,
            [.. d.GetProperty("inputs").EnumerateArray().Select(i => new InputInfo(
                i.GetProperty("name").GetString()!,
                i.GetProperty("type").GetString()!,
                i.TryGetProperty("options", out var options) && options.ValueKind == JsonValueKind.Array
                    ? [.. options.EnumerateArray().Select(o => o.GetString()!)]
                    : []))],
            [.. d.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("name").GetString()!)])),
    ];
}

/// <param name="Type">The descriptor's editor type: string, integer, number, boolean, datetime, duration, string[], object, array, json.</param>
public sealed record InputInfo(string Name, string Type, IReadOnlyList<string> Options);
