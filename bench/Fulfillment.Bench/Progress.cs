using System.Diagnostics;

namespace Fulfillment.Bench;

/// <summary>
/// One status line that rewrites itself (at most every 200 ms) while a phase runs, so a long run shows
/// it is alive and how far it got; plain lines when the output is not a terminal.
/// </summary>
internal sealed class Progress(string phase, long total)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastDrawn = -1;

    public void Report(long done, string? detail = null)
    {
        var elapsed = _clock.ElapsedMilliseconds;
        var finished = done >= total;
        if (!finished && elapsed - _lastDrawn < (Console.IsOutputRedirected ? 5000 : 200))
        {
            return;
        }

        _lastDrawn = elapsed;
        var percent = total == 0 ? 100 : done * 100 / total;
        var line = $"  {phase}: {done:N0}/{total:N0} ({percent}%) {_clock.Elapsed:mm\\:ss}{(detail is null ? "" : " · " + detail)}";
        if (Console.IsOutputRedirected)
        {
            Console.WriteLine(line);
        }
        else
        {
            Console.Write("\r" + line.PadRight(Math.Max(line.Length, Console.WindowWidth - 1)));
            if (finished)
            {
                Console.WriteLine();
            }
        }
    }
}
