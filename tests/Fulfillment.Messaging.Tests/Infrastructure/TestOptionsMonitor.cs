using Microsoft.Extensions.Options;

namespace Fulfillment.Messaging.Tests.Infrastructure;

/// <summary>Options whose current value a test can swap, as a configuration reload would.</summary>
public sealed class TestOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue { get; set; } = value;

    public T Get(string? name) => CurrentValue;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
