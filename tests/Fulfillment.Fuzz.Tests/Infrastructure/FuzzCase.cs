namespace Fulfillment.Fuzz.Tests.Infrastructure;

/// <summary>One generated case: its own seeded random source and a log of every request it sent, for the failure report.</summary>
public sealed class FuzzCase(int seed)
{
    private readonly List<string> _log = [];

    public int Seed { get; } = seed;

    public Random Random { get; } = new(seed);

    public IReadOnlyList<string> Log => _log;

    public void Record(string entry) => _log.Add(entry);
}

/// <summary>A product invariant broke; <see cref="Invariant"/> is its short name, which groups failures in the report.</summary>
public sealed class FuzzInvariantException(string invariant, string details) : Exception($"{invariant}: {details}")
{
    public string Invariant { get; } = invariant;
}
