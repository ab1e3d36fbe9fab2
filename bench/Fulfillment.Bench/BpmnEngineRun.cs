using System.Diagnostics;
using System.Text.Json;

namespace Fulfillment.Bench;

internal sealed record BpmnEngineResult(int Orders, double Seconds, long Activities, double OrdersPerSecond, double ActivitiesPerSecond, long PeakRssBytes);

/// <summary>
/// Runs <c>bench/bpmn/run.mjs</c>: the same process modelled in BPMN, run by bpmn-engine (npm) in
/// memory. Installs its packages with <c>npm ci</c> the first time.
/// </summary>
internal static class BpmnEngineRun
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<BpmnEngineResult> RunAsync(string repositoryRoot, int orders, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(repositoryRoot, "bench", "bpmn");
        if (!Directory.Exists(Path.Combine(directory, "node_modules")))
        {
            await RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], directory, cancellationToken);
        }

        var output = await RunAsync("node", ["run.mjs", orders.ToString(System.Globalization.CultureInfo.InvariantCulture)], directory, cancellationToken);
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last(l => l.StartsWith('{'));
        return JsonSerializer.Deserialize<BpmnEngineResult>(line, Json)
            ?? throw new InvalidOperationException($"run.mjs printed no result: {output}");
    }

    private static async Task<string> RunAsync(string program, string[] arguments, string directory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        arguments.ToList().ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await stderr}");
        }

        return await stdout;
    }
}
