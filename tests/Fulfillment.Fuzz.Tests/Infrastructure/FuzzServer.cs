using System.Collections.Concurrent;
using Fulfillment.Server.Tests.Infrastructure;
using Fulfillment.Workflows.Runtime;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fulfillment.Fuzz.Tests.Infrastructure;

/// <summary>
/// The shared in-memory test server, plus a record of the errors it logs: the server hides exception
/// details from clients outside Development, and a fuzz report is only useful with the stack trace of the 500.
/// </summary>
public class FuzzServer : FulfillmentServerFactory
{
    public ServerErrorLog Errors { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(new ErrorCapturingLoggerProvider(Errors)));

        // Mutated flows often loop without waiting; a tenth of the default run limit stops them just as
        // surely and keeps each such case cheap.
        builder.ConfigureServices(services => services.Configure<WorkflowEngineOptions>(o => o.MaxActivitiesPerRun = 1_000));
    }
}

/// <summary>Error-level log entries of the server, numbered, so a check can take those written during one request.</summary>
public sealed class ServerErrorLog
{
    private readonly ConcurrentQueue<(long Number, string Text)> _entries = new();
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Add(string text)
    {
        _entries.Enqueue((Interlocked.Increment(ref _count), text));
        while (_entries.Count > 200 && _entries.TryDequeue(out _))
        {
            // Only the recent entries matter; a long run must not keep every one.
        }
    }

    /// <summary>The entries logged after entry number <paramref name="after"/>.</summary>
    public IReadOnlyList<string> Since(long after) => [.. _entries.Where(e => e.Number > after).Select(e => e.Text)];
}

internal sealed class ErrorCapturingLoggerProvider(ServerErrorLog log) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new ErrorCapturingLogger(categoryName, log);

    public void Dispose()
    {
    }

    private sealed class ErrorCapturingLogger(string category, ServerErrorLog log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log.Add($"[{logLevel}] {category}: {formatter(state, exception)}{(exception is null ? string.Empty : Environment.NewLine + exception)}");
            }
        }
    }
}
