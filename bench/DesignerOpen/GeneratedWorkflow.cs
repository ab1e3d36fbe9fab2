using System.Text.Json.Nodes;

namespace DesignerOpen;

/// <summary>
/// A 100-activity workflow shaped like the fulfillment processes: a snake of user tasks, approvals of
/// them, decisions that loop back, e-mails, delays and variables; every input filled in, so it is valid.
/// </summary>
internal static class GeneratedWorkflow
{
    private const int Columns = 10;

    public static JsonObject Create(string id, int activityCount, bool withPositions)
    {
        var activities = new JsonArray();
        var connections = new JsonArray();
        string? previous = null;
        string? lastTask = null;
        for (var i = 0; i < activityCount; i++)
        {
            var activityId = i == 0 ? "start" : i == activityCount - 1 ? "end" : $"step-{i}";
            var activity = i == 0 ? Node(activityId, "Start")
                : i == activityCount - 1 ? Node(activityId, "End", inputs: new() { ["output"] = Expr("({ orderNumber })") })
                : Step(activityId, i, lastTask);
            if (withPositions)
            {
                var (row, column) = (i / Columns, i % Columns);
                var x = 40 + 260 * (row % 2 == 0 ? column : Columns - 1 - column);
                activity["position"] = new JsonObject { ["x"] = x, ["y"] = 40 + 140 * row };
            }

            activities.Add(activity);
            var type = activity["type"]!.GetValue<string>();
            if (previous is not null)
            {
                var from = (JsonObject)activities[i - 1]!;
                connections.Add(Link(previous, OutcomeForward(from), activityId));
                if (from["type"]!.GetValue<string>() == "Decision" && lastTask is not null)
                {
                    connections.Add(Link(previous, "False", lastTask)); // rework loop
                }
            }

            if (type == "UserTask")
            {
                lastTask = activityId;
            }

            previous = activityId;
        }

        return new JsonObject
        {
            ["schemaVersion"] = 1,
            ["id"] = id,
            ["name"] = $"Benchmark: {activityCount} activities",
            ["variables"] = new JsonArray(
                new JsonObject { ["name"] = "orderNumber", ["type"] = "string", ["default"] = "B-1" },
                new JsonObject { ["name"] = "attempts", ["type"] = "number", ["default"] = 0 }),
            ["activities"] = activities,
            ["connections"] = connections,
        };
    }

    private static JsonObject Step(string id, int i, string? lastTask) => (i % 6) switch
    {
        1 => Node(id, "UserTask", $"Check step {i}", new()
        {
            ["title"] = $"Check step {i}",
            ["role"] = "Warehouse Staff",
            ["due"] = "P1D",
            ["form"] = new JsonArray(
                new JsonObject { ["name"] = "ok", ["type"] = "Checkbox", ["label"] = "All fine", ["required"] = true },
                new JsonObject { ["name"] = "shelf", ["type"] = "Dropdown", ["options"] = new JsonArray("A", "B", "C") }),
        }, new() { ["data"] = $"check{i}" }),
        2 when lastTask is not null => Node(id, "Approval", $"Approve step {i - 1}", new()
        {
            ["title"] = $"Approve step {i - 1}",
            ["approverRole"] = "Warehouse Manager",
            ["submits"] = new JsonArray(lastTask),
        }),
        3 => Node(id, "Decision", $"Good enough {i}?", new() { ["condition"] = Expr($"attempts < {i}") }),
        4 => Node(id, "SendEmail", $"Tell the customer {i}", new()
        {
            ["to"] = "customer@example.org",
            ["template"] = "generic",
            ["model"] = Expr($"({{ subject: 'Step {i}', body: 'Order ' + orderNumber }})"),
        }),
        5 => Node(id, "Delay", $"Wait {i}", new() { ["duration"] = "PT1H" }),
        _ => Node(id, "SetVariable", $"Count {i}", new() { ["name"] = "attempts", ["value"] = Expr("attempts + 1") }),
    };

    private static string OutcomeForward(JsonObject from) => from["type"]!.GetValue<string>() switch
    {
        "Decision" => "True",
        "Approval" => "Approved",
        _ => "Done",
    };

    private static JsonObject Node(string id, string type, string? name = null, JsonObject? inputs = null, JsonObject? outputs = null)
    {
        var node = new JsonObject { ["id"] = id, ["type"] = type };
        if (name is not null)
        {
            node["name"] = name;
        }

        if (inputs is not null)
        {
            node["inputs"] = inputs;
        }

        if (outputs is not null)
        {
            node["outputs"] = outputs;
        }

        return node;
    }

    private static JsonObject Expr(string code) => new() { ["expr"] = code };

    private static JsonObject Link(string from, string outcome, string to) => new() { ["from"] = from, ["outcome"] = outcome, ["to"] = to };
}
