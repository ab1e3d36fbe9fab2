using System.Globalization;

namespace DesignerOpen;

/// <summary>
/// CPU time used by this process and everything it started (the browser, Playwright's driver):
/// unlike wall time, it does not grow when other work shares the machine. Linux only (/proc).
/// </summary>
internal static class ProcessTreeCpu
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>Milliseconds of CPU used so far by this process alone (the server and the benchmark).</summary>
    public static double OwnMilliseconds() => Read(Environment.ProcessId)!.Value.Ticks * 1000 / TicksPerSecond;

    /// <summary>Milliseconds of CPU used so far by the process tree.</summary>
    public static double Milliseconds()
    {
        var processes = new Dictionary<int, (int Parent, long Ticks)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Read(pid) is { } stat)
            {
                processes[pid] = stat;
            }
        }

        var total = 0L;
        foreach (var (pid, (_, ticks)) in processes)
        {
            if (DescendsFromUs(pid, processes))
            {
                total += ticks;
            }
        }

        return total * 1000 / TicksPerSecond;
    }

    private static bool DescendsFromUs(int pid, Dictionary<int, (int Parent, long Ticks)> processes)
    {
        for (var current = pid; current > 1 && processes.TryGetValue(current, out var process); current = process.Parent)
        {
            if (current == Environment.ProcessId)
            {
                return true;
            }
        }

        return false;
    }

    private static (int Parent, long Ticks)? Read(int pid)
    {
        try
        {
            // After the ")" that ends the command name: state ppid ... utime(14) stime(15), 1-based fields.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (int.Parse(fields[1], CultureInfo.InvariantCulture),
                long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
        }
        catch (IOException)
        {
            return null; // the process ended while we looked
        }
    }
}
