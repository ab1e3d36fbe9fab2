namespace Fulfillment.Operations.Tests.Infrastructure;

/// <summary>
/// A one-step workflow around the activity under test: its inputs and outputs as given, and each
/// outcome leading to a SetVariable that writes the outcome's name to <c>outcome</c>. Optionally the
/// step waits for the event <c>go</c> first, so a test can make the step's commit fail.
/// </summary>
public static class Probe
{
    public static string For(string type, string[] outcomes, string inputs = "{}", string outputs = "{}", bool waitFirst = false)
    {
        var id = $"probe-{type.ToLowerInvariant()}";
        var wait = waitFirst ? """{ "id": "wait", "type": "WaitForEvent", "inputs": { "key": { "expr": "'go:' + orderNumber" } } },""" : "";
        var first = waitFirst ? """{ "from": "start", "to": "wait" }, { "from": "wait", "to": "step" },""" : """{ "from": "start", "to": "step" },""";
        var ends = string.Join(",\n", outcomes.Select(o => $$"""{ "id": "on-{{o}}", "type": "SetVariable", "inputs": { "name": "outcome", "value": "{{o}}" } }"""));
        var edges = string.Join(",\n", outcomes.Select(o => $$"""{ "from": "step", "outcome": "{{o}}", "to": "on-{{o}}" }"""));
        return $$"""
            {
              "schemaVersion": 1, "id": "{{id}}", "name": "Probe {{type}}",
              "variables": [ { "name": "orderId" }, { "name": "orderNumber" }, { "name": "outcome" } ],
              "activities": [
                { "id": "start", "type": "Start" },
                {{wait}}
                { "id": "step", "type": "{{type}}", "inputs": {{inputs}}, "outputs": {{outputs}} },
                {{ends}}
              ],
              "connections": [
                {{first}}
                {{edges}}
              ]
            }
            """;
    }

    public static string IdOf(string type) => $"probe-{type.ToLowerInvariant()}";
}
