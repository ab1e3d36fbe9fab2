using System.Globalization;

namespace Fulfillment.Bench;

/// <summary>The command line: <c>--orders 500 --parallel 8 --inbox-tasks 100000 --scale 0 --no-bpmn</c>.</summary>
internal sealed record BenchOptions(int Orders, int Parallelism, int InboxTasks, int Scale, bool Bpmn, int BpmnOrders)
{
    public static BenchOptions Parse(string[] args)
    {
        var orders = Number(args, "--orders", 500);
        return new BenchOptions(
            orders,
            Number(args, "--parallel", 8),
            Number(args, "--inbox-tasks", 100_000),
            Number(args, "--scale", 0),
            !args.Contains("--no-bpmn"),
            Number(args, "--bpmn-orders", orders));
    }

    private static int Number(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        if (index < 0)
        {
            return fallback;
        }

        return index + 1 < args.Length && int.TryParse(args[index + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"{name} needs a whole number, e.g. {name} {fallback}.");
    }
}
