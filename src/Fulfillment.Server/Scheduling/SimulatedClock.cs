using System.Globalization;

namespace Fulfillment.Server.Scheduling;

/// <summary>
/// Business time that only moves forward when told to (<c>Fulfillment__Clock=Simulated</c>). Its
/// position is saved under the data directory, so a restart never sends time backwards and timers
/// that were due stay due.
/// </summary>
public sealed class SimulatedClock : TimeProvider
{
    private readonly string _stateFile;
    private readonly Lock _lock = new();
    private DateTimeOffset _now;

    public SimulatedClock(string stateFile)
    {
        _stateFile = stateFile;
        var saved = File.Exists(stateFile)
            ? DateTimeOffset.Parse(File.ReadAllText(stateFile), CultureInfo.InvariantCulture)
            : DateTimeOffset.MinValue;
        _now = saved > System.GetUtcNow() ? saved : System.GetUtcNow();
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    /// <summary>Moves the clock to <paramref name="instant"/>; earlier instants are ignored (time never goes back).</summary>
    public void MoveTo(DateTimeOffset instant)
    {
        lock (_lock)
        {
            if (instant <= _now)
            {
                return;
            }

            _now = instant.ToUniversalTime();
            File.WriteAllText(_stateFile, _now.ToString("O", CultureInfo.InvariantCulture));
        }
    }
}
