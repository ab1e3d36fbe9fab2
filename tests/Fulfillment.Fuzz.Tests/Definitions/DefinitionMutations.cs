using System.Globalization;
using System.Text.Json.Nodes;
using Fulfillment.Fuzz.Tests.Infrastructure;

namespace Fulfillment.Fuzz.Tests.Definitions;

/// <summary>
/// Mutations that know the workflow format: duplicate ids, dangling connections, cycles, invalid and
/// hostile expressions, unknown types, wrong inputs for each activity type, broken forms, switch cases,
/// approvals and schedules, a second or no Start, and enormous flows.
/// </summary>
public sealed class DefinitionMutations(IReadOnlyList<ActivityTypeInfo> types)
{
    private static readonly string[] UnknownTypes =
    [
        "start", "START", "Start ", "UserTask\u200B", "", "Fulfillment.Workflows.Activities.Start", "System.IO.File", "Activity", "__proto__",
    ];

    private static readonly string[] Durations =
    [
        "P3D", "PT0S", "PT1H", "-P1D", "P99999999D", "P10675199D", "P10675200D", "10675199.02:48:05.4775807", "P1Y", "PT1.5S", "P", "PT", "3 days",
    ];

    private static readonly string[] Instants =
    [
        "2026-12-24T18:00:00Z", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "2026-02-30T00:00:00Z", "yesterday", "2026-12-24",
    ];

    private static readonly string[] Crons = ["0 8 * * MON-FRI", "*/0 * * * *", "@reboot", "* * * * * * *", "60 24 32 13 8", "0 0 30 2 *", "", "@daily", "0 0 L * *"];

    public IReadOnlyList<Mutation> All =>
    [
        new("duplicate an activity id", (doc, random) =>
        {
            if (Activities(doc) is { Count: > 0 } activities && JsonMutator.Pick(random, activities.OfType<JsonObject>().ToList()) is { } activity)
            {
                if (random.Next(2) == 0)
                {
                    activities.Add(activity.DeepClone());
                }
                else if (JsonMutator.Pick(random, activities.OfType<JsonObject>().ToList()) is { } other)
                {
                    other["id"] = activity["id"]?.DeepClone();
                }
            }
        }),
        new("dangling connection", (doc, random) =>
        {
            if (Connections(doc) is not { } connections)
            {
                return;
            }

            var ids = Ids(doc);
            var ghost = "ghost-" + random.Next(1000).ToString(CultureInfo.InvariantCulture);
            if (connections.Count > 0 && random.Next(2) == 0 && connections[random.Next(connections.Count)] is JsonObject existing)
            {
                existing[random.Next(2) == 0 ? "from" : "to"] = ghost;
            }
            else
            {
                connections.Add(new JsonObject
                {
                    ["from"] = random.Next(2) == 0 && ids.Count > 0 ? ids[random.Next(ids.Count)] : ghost,
                    ["to"] = ghost,
                });
            }
        }),
        new("cycle", (doc, random) =>
        {
            var ids = Ids(doc);
            if (Connections(doc) is { } connections && ids.Count > 0)
            {
                var from = ids[random.Next(ids.Count)];
                connections.Add(new JsonObject { ["from"] = from, ["to"] = random.Next(3) == 0 ? from : ids[random.Next(ids.Count)] });
            }
        }),
        new("invalid or hostile expression", (doc, random) =>
        {
            var expressions = doc.Slots().Where(s => s.Value is JsonObject { Count: 1 } o && o.ContainsKey("expr")).ToList();
            if (expressions.Count > 0 && random.Next(3) > 0)
            {
                ((JsonObject)expressions[random.Next(expressions.Count)].Value!)["expr"] = Expressions.Any(random);
            }
            else if (RandomActivity(doc, random) is { } activity && InputNames(activity) is { Count: > 0 } names)
            {
                InputsOf(activity)[names[random.Next(names.Count)]] = new JsonObject { ["expr"] = Expressions.Any(random) };
            }
        }),
        new("expression of the wrong shape", (doc, random) =>
        {
            if (RandomActivity(doc, random) is { } activity && InputNames(activity) is { Count: > 0 } names)
            {
                InputsOf(activity)[names[random.Next(names.Count)]] = random.Next(3) switch
                {
                    0 => new JsonObject { ["expr"] = "1", ["extra"] = 1 },
                    1 => new JsonObject { ["expr"] = FuzzValues.Any(random) },
                    _ => new JsonObject { ["EXPR"] = "1" },
                };
            }
        }),
        new("unknown activity type", (doc, random) =>
        {
            if (RandomActivity(doc, random) is { } activity)
            {
                activity["type"] = random.Next(2) == 0 ? UnknownTypes[random.Next(UnknownTypes.Length)] : FuzzValues.NastyString(random);
            }
        }),
        new("another activity type", (doc, random) =>
        {
            if (RandomActivity(doc, random) is { } activity)
            {
                activity["type"] = types[random.Next(types.Count)].Type;
            }
        }),
        new("random input", (doc, random) =>
        {
            if (RandomActivity(doc, random) is not { } activity)
            {
                return;
            }

            var inputs = InputsOf(activity);
            if (types.FirstOrDefault(t => IsType(activity, t)) is { Inputs.Count: > 0 } type && random.Next(5) > 0)
            {
                var input = type.Inputs[random.Next(type.Inputs.Count)];
                inputs[input.Name] = PlausibleValue(input, random);
            }
            else
            {
                inputs[FuzzValues.PropertyName(random)] = FuzzValues.Any(random);
            }
        }),
        new("random output mapping", (doc, random) =>
        {
            if (RandomActivity(doc, random) is not { } activity)
            {
                return;
            }

            var type = types.FirstOrDefault(t => IsType(activity, t));
            var outputs = new JsonObject();
            var name = type is { Outputs.Count: > 0 } && random.Next(3) > 0 ? type.Outputs[random.Next(type.Outputs.Count)] : FuzzValues.PropertyName(random);
            outputs[name] = random.Next(2) == 0 ? "fuzzed" + random.Next(10).ToString(CultureInfo.InvariantCulture) : FuzzValues.Any(random);
            activity["outputs"] = outputs;
        }),
        new("second Start or none", (doc, random) =>
        {
            if (Activities(doc) is not { } activities)
            {
                return;
            }

            var starts = activities.OfType<JsonObject>().Where(a => a["type"]?.ToString() == "Start").ToList();
            if (random.Next(2) == 0 && starts.Count > 0)
            {
                activities.Remove(starts[0]);
            }
            else
            {
                activities.Add(new JsonObject { ["id"] = "start-" + random.Next(100).ToString(CultureInfo.InvariantCulture), ["type"] = "Start" });
            }
        }),
        new("no connections", (doc, _) => Connections(doc)?.Clear()),
        new("enormous valid chain", (doc, random) =>
        {
            if (Activities(doc) is not { } activities || Connections(doc) is not { } connections || Ids(doc) is not { Count: > 0 } ids)
            {
                return;
            }

            var previous = ids[random.Next(ids.Count)];
            for (var i = random.Next(100, 2_000); i > 0; i--)
            {
                var id = $"chain-{i}";
                activities.Add(new JsonObject { ["id"] = id, ["type"] = "SetVariable", ["inputs"] = new JsonObject { ["name"] = "chained", ["value"] = i } });
                connections.Add(new JsonObject { ["from"] = previous, ["to"] = id });
                previous = id;
            }
        }),
        new("variables chaos", (doc, random) =>
        {
            if (doc.Root is not JsonObject root)
            {
                return;
            }

            if (root["variables"] is not JsonArray variables)
            {
                root["variables"] = variables = [];
            }

            variables.Add(random.Next(4) switch
            {
                0 => new JsonObject { ["name"] = variables.Count > 0 ? variables[0]?["name"]?.DeepClone() : "dup" },
                1 => new JsonObject { ["name"] = FuzzValues.NastyString(random), ["type"] = FuzzValues.Any(random) },
                2 => new JsonObject { ["name"] = "big", ["default"] = FuzzValues.Any(random, depth: 5) },
                _ => FuzzValues.Any(random),
            });
        }),
        new("form chaos", (doc, random) =>
        {
            if (RandomActivity(doc, random, "UserTask") is not { } task)
            {
                return;
            }

            InputsOf(task)["form"] = random.Next(6) switch
            {
                0 => new JsonArray(new JsonObject { ["name"] = "a", ["type"] = "Text" }, new JsonObject { ["name"] = "a", ["type"] = "Number" }),
                1 => new JsonArray(new JsonObject { ["name"] = FuzzValues.NastyString(random), ["type"] = FuzzValues.Any(random) }),
                2 => new JsonArray(new JsonObject { ["name"] = "pick", ["type"] = "Dropdown", ["options"] = FuzzValues.Any(random) }),
                3 => new JsonArray(FuzzValues.Any(random), FuzzValues.Any(random)),
                4 => new JsonArray(new JsonObject { ["name"] = "n", ["type"] = random.Next(-5, 20), ["required"] = FuzzValues.Any(random) }),
                _ => FuzzValues.Any(random),
            };
        }),
        new("switch cases chaos", (doc, random) =>
        {
            if ((RandomActivity(doc, random, "Switch") ?? RandomActivity(doc, random)) is not { } target)
            {
                return;
            }

            target["type"] = "Switch";
            InputsOf(target)["cases"] = random.Next(6) switch
            {
                0 => new JsonArray(JsonValue.Create("not a case"), JsonValue.Create(42)),
                1 => new JsonArray(new JsonObject { ["label"] = 7, ["condition"] = "true" }),
                2 => new JsonArray(new JsonObject { ["label"] = "A", ["condition"] = new JsonObject { ["expr"] = "1" } }),
                3 => new JsonArray(new JsonArray(), null, new JsonObject()),
                4 => new JsonArray(new JsonObject { ["label"] = "Default", ["condition"] = Expressions.Any(random) }, new JsonObject { ["label"] = "Default", ["condition"] = "true" }),
                _ => FuzzValues.Any(random),
            };
        }),
        new("approval chaos", (doc, random) =>
        {
            if (RandomActivity(doc, random, "Approval") is not { } approval)
            {
                return;
            }

            InputsOf(approval)["submits"] = random.Next(5) switch
            {
                0 => new JsonArray("check", "check"),
                1 => new JsonArray(1, null, new JsonObject(), new JsonArray()),
                2 => new JsonArray("ghost", "start", "approve"),
                3 => JsonValue.Create("check"),
                _ => FuzzValues.Any(random),
            };
        }),
        new("schedule chaos", (doc, random) =>
        {
            if (RandomActivity(doc, random, "Start") is { } start)
            {
                start["inputs"] = new JsonObject
                {
                    ["schedule"] = random.Next(4) == 0 ? FuzzValues.Any(random) : Crons[random.Next(Crons.Length)],
                };
            }
        }),
    ];

    private static JsonNode? PlausibleValue(InputInfo input, Random random)
    {
        if (random.Next(4) == 0)
        {
            return FuzzValues.Any(random);
        }

        if (input.Options.Count > 0)
        {
            var option = input.Options[random.Next(input.Options.Count)];
            return random.Next(3) == 0 ? option.ToLowerInvariant() : option;
        }

        return input.Type switch
        {
            "duration" => random.Next(4) == 0 ? FuzzValues.Number(random) : JsonValue.Create(Durations[random.Next(Durations.Length)]),
            "datetime" => JsonValue.Create(Instants[random.Next(Instants.Length)]),
            "boolean" => random.Next(2) == 0 ? JsonValue.Create(random.Next(2) == 0) : JsonValue.Create("true"),
            "integer" or "number" => FuzzValues.Number(random),
            "string[]" or "array" => new JsonArray(FuzzValues.Any(random), JsonValue.Create("check")),
            _ => JsonValue.Create(FuzzValues.NastyString(random)),
        };
    }

    private static bool IsType(JsonObject activity, ActivityTypeInfo type) =>
        activity["type"] is JsonValue value && value.TryGetValue(out string? name) && name == type.Type;

    private static JsonArray? Activities(FuzzDocument doc) => (doc.Root as JsonObject)?["activities"] as JsonArray;

    private static JsonArray? Connections(FuzzDocument doc) => (doc.Root as JsonObject)?["connections"] as JsonArray;

    private static List<string> Ids(FuzzDocument doc) =>
        Activities(doc)?.OfType<JsonObject>().Select(a => a["id"] is JsonValue v && v.TryGetValue(out string? id) ? id : null).OfType<string>().ToList() ?? [];

    private static JsonObject? RandomActivity(FuzzDocument doc, Random random, string? ofType = null)
    {
        var candidates = Activities(doc)?.OfType<JsonObject>().Where(a => ofType is null || a["type"]?.ToString() == ofType).ToList() ?? [];
        return JsonMutator.Pick(random, candidates);
    }

    /// <summary>The activity's inputs object, created (or replacing a value of another type) if need be.</summary>
    private static JsonObject InputsOf(JsonObject activity)
    {
        if (activity["inputs"] is not JsonObject inputs)
        {
            activity["inputs"] = inputs = [];
        }

        return inputs;
    }

    /// <summary>The input names the activity's type declares, else the ones it has.</summary>
    private List<string> InputNames(JsonObject activity) =>
        types.FirstOrDefault(t => IsType(activity, t)) is { } type
            ? [.. type.Inputs.Select(i => i.Name)]
            : [.. InputsOf(activity).Select(p => p.Key)];
}
