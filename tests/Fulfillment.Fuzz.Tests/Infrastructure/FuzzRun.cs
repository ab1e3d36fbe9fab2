using System.Globalization;
using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Fulfillment.Fuzz.Tests.Infrastructure;

/// <summary>
/// Runs the cases of one fuzz test and collects what broke instead of stopping at the first failure,
/// so one run shows every distinct problem. The report names each failing case's seed, the exact
/// requests it sent (the full text goes to a file) and the command that replays it.
/// </summary>
public sealed class FuzzRun(string testName, FuzzSettings settings, ITestOutputHelper output)
{
    /// <summary>Enough to see the distinct problems; more would only repeat them and slow the run down.</summary>
    private const int MaxFailures = 25;

    private const int MaxEntryLengthInReport = 800;

    public async Task RunAsync(Func<FuzzCase, Task> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var failures = new List<(FuzzCase Case, Exception Error)>();
        var stopwatch = Stopwatch.StartNew();
        var ran = 0;
        for (var i = 0; i < settings.Iterations && failures.Count < MaxFailures; i++)
        {
            var fuzzCase = new FuzzCase(unchecked(settings.Seed + i));
            ran++;
            try
            {
                await body(fuzzCase);
            }
            catch (Exception ex)
            {
                failures.Add((fuzzCase, ex));
            }
        }

        output.WriteLine($"{testName}: {ran} case(s) from seed {settings.Seed} in {stopwatch.Elapsed.TotalSeconds:0.0} s; {failures.Count} failed.");
        if (failures.Count > 0)
        {
            throw new XunitException(Report(failures));
        }
    }

    private string Report(List<(FuzzCase Case, Exception Error)> failures)
    {
        var logFile = WriteFullLog(failures);
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"{failures.Count} fuzz case(s) of {testName} broke an invariant (seed {settings.Seed}, {settings.Iterations} iterations).");
        report.AppendLine(CultureInfo.InvariantCulture, $"Full inputs: {logFile}");
        foreach (var group in failures.GroupBy(f => Signature(f.Error)))
        {
            var (first, error) = group.First();
            report.AppendLine();
            report.AppendLine(CultureInfo.InvariantCulture, $"== {group.Key} — {group.Count()} case(s), seeds {string.Join(", ", group.Select(f => f.Case.Seed).Take(10))}");
            report.AppendLine(error is FuzzInvariantException ? error.Message : error.ToString());
            report.AppendLine(CultureInfo.InvariantCulture, $"Replay: {FuzzSettings.SeedVariable}={first.Seed} {FuzzSettings.IterationsVariable}=1 dotnet test tests/Fulfillment.Fuzz.Tests --filter \"FullyQualifiedName~{testName}\"");
            foreach (var entry in first.Log)
            {
                report.AppendLine(entry.Length <= MaxEntryLengthInReport ? entry : entry[..MaxEntryLengthInReport] + $"… ({entry.Length:N0} chars, see the full inputs file)");
            }
        }

        return report.ToString();
    }

    private static string Signature(Exception error) =>
        error is FuzzInvariantException invariant ? invariant.Invariant : error.GetType().Name;

    private string WriteFullLog(List<(FuzzCase Case, Exception Error)> failures)
    {
        var directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "fulfillment-fuzz")).FullName;
        var path = Path.Combine(directory, $"{testName}-seed{settings.Seed}.log");
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        foreach (var (fuzzCase, error) in failures)
        {
            writer.WriteLine($"### case seed {fuzzCase.Seed}");
            writer.WriteLine(error.ToString());
            foreach (var entry in fuzzCase.Log)
            {
                writer.WriteLine(entry);
            }

            writer.WriteLine();
        }

        return path;
    }
}
