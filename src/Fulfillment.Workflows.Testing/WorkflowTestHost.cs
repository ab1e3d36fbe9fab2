using System.Text.Json.Nodes;
using Fulfillment.Workflows.Definitions;
using Fulfillment.Workflows.EntityFrameworkCore;
using Fulfillment.Workflows.Runtime;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Fulfillment.Workflows.Testing;

/// <summary>How a <see cref="WorkflowTestHost"/> is put together.</summary>
public sealed class WorkflowTestHostOptions
{
    /// <summary>Where the virtual clock starts.</summary>
    public DateTimeOffset StartTime { get; set; } = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Activity types under test, e.g. <c>b => b.AddActivity&lt;ReserveStock&gt;()</c>.</summary>
    public Action<WorkflowEngineBuilder>? ConfigureEngine { get; set; }

    /// <summary>Services the activities need, options, outbox handlers, fakes of outside systems.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }

    /// <summary>Further EF options, e.g. an interceptor that injects a failure into a commit.</summary>
    public Action<DbContextOptionsBuilder>? ConfigureDatabase { get; set; }

    /// <summary>
    /// The database to run on; unset: a fresh SQLite file in the host's temp folder. Give an (empty or
    /// shared) PostgreSQL database to test on PostgreSQL; several hosts on one database act as several nodes
    /// (give each its own <c>WorkflowEngineOptions.NodeName</c>).
    /// </summary>
    public FulfillmentDatabase? Database { get; set; }
}

/// <summary>What an <see cref="WorkflowTestHost.AdvanceAsync"/> ran.</summary>
public sealed record AdvanceResult(int TimersFired, int MessagesDispatched);

/// <summary>
/// The real engine in-process for tests of workflows and activities: a real SQLite file in a fresh
/// temp folder (or a given PostgreSQL database), a virtual clock, and <see cref="AdvanceAsync"/>, which skips days in milliseconds by
/// firing every timer that falls due, in due order, then dispatching the outbox. Every call returns
/// when the engine is idle: nothing runs in the background.
/// </summary>
public sealed class WorkflowTestHost : IAsyncDisposable
{
    public const string Actor = "tester";

    private readonly WorkflowTestHostOptions _options;
    private ServiceProvider _services;

    private WorkflowTestHost(string directory, WorkflowTestHostOptions options)
    {
        TempDirectory = directory;
        _options = options;
        Clock = new FakeTimeProvider(options.StartTime);
        DatabasePath = Path.Combine(directory, "workflows.db");
        Database = options.Database ?? FulfillmentDatabase.Sqlite(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = true }.ToString());
        _services = Build();
    }

    /// <summary>This host's private folder (deleted on dispose); tests may put files in it.</summary>
    public string TempDirectory { get; }

    /// <summary>The SQLite file, when the host runs on its own SQLite database.</summary>
    public string DatabasePath { get; }

    /// <summary>The database the host runs on.</summary>
    public FulfillmentDatabase Database { get; }

    /// <summary>The engine's time; only moves when a test says so (<see cref="AdvanceAsync"/>, or <c>Clock.Advance</c>).</summary>
    public FakeTimeProvider Clock { get; }

    public IServiceProvider Services => _services;

    public WorkflowRuntime Runtime => _services.GetRequiredService<WorkflowRuntime>();

    public WorkflowDefinitionService Definitions => _services.GetRequiredService<WorkflowDefinitionService>();

    public static async Task<WorkflowTestHost> CreateAsync(Action<WorkflowTestHostOptions>? configure = null)
    {
        var options = new WorkflowTestHostOptions();
        configure?.Invoke(options);
        var directory = Directory.CreateTempSubdirectory("fulfillment-workflow-test-").FullName;
        var host = new WorkflowTestHost(directory, options);
        try
        {
            await host._services.GetRequiredService<WorkflowDatabase>().MigrateAsync(CancellationToken.None);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Publishes a definition (JSON text) the way files in <c>workflows/</c> are loaded.</summary>
    public Task<StoredDefinition> PublishAsync(string json, string source = "test.json") =>
        Definitions.ImportAsync(json, source, CancellationToken.None);

    /// <summary>Publishes a definition file, e.g. one from the repository's <c>workflows/</c> folder.</summary>
    public async Task<StoredDefinition> PublishFileAsync(string path) =>
        await PublishAsync(await File.ReadAllTextAsync(path), path);

    public Task<WorkflowInstance> StartAsync(string workflowId, JsonNode? input = null, string? correlationId = null, int? version = null) =>
        Runtime.StartAsync(workflowId, input, correlationId, Actor, CancellationToken.None, version);

    public Task<EventDeliveryResult> DeliverAsync(string key, JsonNode? payload = null) =>
        Runtime.DeliverEventAsync(key, payload, Actor, CancellationToken.None);

    public async Task<InstanceDetails> GetDetailsAsync(string instanceId) =>
        await _services.GetRequiredService<WorkflowInstanceQueries>().GetAsync(instanceId, CancellationToken.None)
        ?? throw new InvalidOperationException($"Instance {instanceId} is not stored.");

    /// <summary>
    /// Moves the clock forward by <paramref name="by"/>, firing every timer that falls due on the
    /// way at its own due time (so timers that lead to more timers work out), then dispatches the
    /// outbox messages that are due.
    /// </summary>
    public async Task<AdvanceResult> AdvanceAsync(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        var target = Clock.GetUtcNow() + by;
        var fired = await Runtime.FireDueTimersAsync(target, Clock.SetUtcNow, CancellationToken.None);
        Clock.SetUtcNow(target);
        var dispatched = await DispatchOutboxAsync();
        return new AdvanceResult(fired, dispatched);
    }

    /// <summary>Dispatches every due outbox message through the registered handlers.</summary>
    public Task<int> DispatchOutboxAsync() =>
        _services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None);

    /// <summary>Reads the database directly (outbox rows, bookmarks, journal).</summary>
    public async Task<T> QueryAsync<T>(Func<WorkflowDbContext, Task<T>> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await _services.GetRequiredService<IDbContextFactory<WorkflowDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    /// <summary>
    /// A process restart: a new service provider (empty caches, new runtime) on the same database
    /// file, then the recovery pass a server runs at start-up (unless <paramref name="recover"/> is false,
    /// for tests of recovery itself).
    /// </summary>
    public async Task RestartAsync(bool recover = true)
    {
        await _services.DisposeAsync();
        ClearPool();
        _services = Build();
        if (recover)
        {
            await Runtime.RecoverAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        ClearPool();
        try
        {
            Directory.Delete(TempDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test for.
        }
    }

    private void ClearPool()
    {
        // Only this host's pool: other tests run in parallel on their own databases.
        if (Database.Provider == DatabaseProvider.Sqlite)
        {
            using var connection = new SqliteConnection(Database.ConnectionString);
            SqliteConnection.ClearPool(connection);
        }
        else
        {
            using var connection = new NpgsqlConnection(Database.ConnectionString);
            NpgsqlConnection.ClearPool(connection);
        }
    }

    private ServiceProvider Build()
    {
        var services = new ServiceCollection();
        services.AddLogging();

        // Before AddWorkflowEngine, which adds the system clock only if no clock is registered.
        services.AddSingleton<TimeProvider>(Clock);
        services.AddWorkflowEngine(_options.ConfigureEngine);
        services.AddWorkflowStore(Database, _options.ConfigureDatabase);
        _options.ConfigureServices?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
