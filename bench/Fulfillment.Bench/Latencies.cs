using System.Collections.Concurrent;
using System.Diagnostics;

namespace Fulfillment.Bench;

/// <summary>Durations of one kind of call, recorded from many threads, read as percentiles.</summary>
internal sealed class Latencies
{
    private readonly ConcurrentBag<double> _milliseconds = [];

    public int Count => _milliseconds.Count;

    public async Task<T> TimeAsync<T>(Func<Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await call();
        _milliseconds.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return result;
    }

    /// <summary>The value below which <paramref name="percent"/> % of the durations fall (nearest rank).</summary>
    public double Percentile(double percent)
    {
        var sorted = _milliseconds.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
