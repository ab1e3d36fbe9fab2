using System.Globalization;

namespace Fulfillment.Fuzz.Tests.Infrastructure;

/// <summary>
/// How one fuzz test runs: its seed and how many cases it generates. Each test has fixed defaults, so a
/// CI run is reproducible; <c>FUZZ_SEED</c> and <c>FUZZ_ITERATIONS</c> override them for longer or
/// different local runs. Case <c>i</c> uses the seed <c>Seed + i</c>, so one failing case is replayed
/// with <c>FUZZ_SEED=&lt;its seed&gt; FUZZ_ITERATIONS=1</c>.
/// </summary>
public sealed record FuzzSettings(int Seed, int Iterations)
{
    public const string SeedVariable = "FUZZ_SEED";
    public const string IterationsVariable = "FUZZ_ITERATIONS";

    public static FuzzSettings For(int defaultSeed, int defaultIterations) =>
        new(Read(SeedVariable) ?? defaultSeed, Read(IterationsVariable) ?? defaultIterations);

    private static int? Read(string variable)
    {
        var text = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && (variable == SeedVariable || value > 0)
            ? value
            : throw new InvalidOperationException($"{variable}='{text}' is not a valid {(variable == SeedVariable ? "integer seed" : "positive iteration count")}.");
    }
}
