using System.Text.Json.Nodes;
using Fulfillment.Workflows.Definitions;
using Fulfillment.Workflows.Descriptors;
using Fulfillment.Workflows.EntityFrameworkCore;
using Fulfillment.Workflows.Runtime;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Fulfillment.Workflows.Tests.Infrastructure;

/// <summary>
/// A workflow engine on a real SQLite file in a fresh temp directory, with a fake clock and a
/// commit interceptor for fault injection. <see cref="RestartAsync"/> throws the service
/// provider away and builds a new one on the same file: a simulated process restart.
/// </summary>
public sealed class EngineHost : IAsyncDisposable
{
    public const string Actor = "tester";

    private readonly string _directory;
    private readonly string _connectionString;
    private readonly Action<IServiceCollection>? _configureServices;
    private readonly Action<WorkflowEngineBuilder>? _configureEngine;
    private ServiceProvider _services;

    private EngineHost(string directory, Action<IServiceCollection>? configureServices, Action<WorkflowEngineBuilder>? configureEngine)
    {
        _directory = directory;
        DatabasePath = Path.Combine(directory, "workflows.db");
        _connectionString = new SqliteConnectionStringBuilder { DataSource = DatabasePath }.ToString();
        _configureServices = configureServices;
        _configureEngine = configureEngine;
        _services = Build();
    }

    public string DatabasePath { get; }

    /// <summary>This host's private temp directory (deleted on dispose); tests may put files in it.</summary>
    public string TempDirectory => _directory;

    /// <summary>Time for the engine; starts at a fixed instant and only moves when a test says so.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));

    /// <summary>Registered on every provider this host builds (it survives restarts, like the fault it injects).</summary>
    public CommitInterceptor Interceptor { get; } = new();

    public IServiceProvider Services => _services;

    public WorkflowRuntime Runtime => _services.GetRequiredService<WorkflowRuntime>();

    public WorkflowDefinitionService Definitions => _services.GetRequiredService<WorkflowDefinitionService>();

    public IWorkflowInstanceStore Store => _services.GetRequiredService<IWorkflowInstanceStore>();

    public ActivityRegistry Registry => _services.GetRequiredService<ActivityRegistry>();

    /// <param name="configureServices">Extra registrations, e.g. <c>services.Configure&lt;ExpressionOptions&gt;(…)</c>.</param>
    /// <param name="configureEngine">Extra activity types.</param>
    public static async Task<EngineHost> CreateAsync(
        Action<IServiceCollection>? configureServices = null, Action<WorkflowEngineBuilder>? configureEngine = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "fulfillment-engine-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var host = new EngineHost(directory, configureServices, configureEngine);
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

    /// <summary>Imports (publishes) a definition the way files are loaded at start-up.</summary>
    public Task<StoredDefinition> PublishAsync(string json, string source = "test.json") =>
        Definitions.ImportAsync(json, source, CancellationToken.None);

    public Task<WorkflowInstance> StartAsync(string workflowId, JsonNode? input = null, string? correlationId = null, int? version = null) =>
        Runtime.StartAsync(workflowId, input, correlationId, Actor, CancellationToken.None, version);

    public Task<EventDeliveryResult> DeliverAsync(string key, JsonNode? payload = null) =>
        Runtime.DeliverEventAsync(key, payload, Actor, CancellationToken.None);

    public async Task<InstanceDetails> GetDetailsAsync(string instanceId) =>
        await _services.GetRequiredService<WorkflowInstanceQueries>().GetAsync(instanceId, CancellationToken.None)
        ?? throw new InvalidOperationException($"Instance {instanceId} is not stored.");

    /// <summary>Reads the database directly (outbox, stimuli, bookmark index).</summary>
    public async Task<T> QueryAsync<T>(Func<WorkflowDbContext, Task<T>> query)
    {
        await using var db = await _services.GetRequiredService<IDbContextFactory<WorkflowDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    /// <summary>Simulates a process restart: a new service provider (empty caches, new runtime) on the same database file.</summary>
    public async Task RestartAsync()
    {
        await _services.DisposeAsync();
        ClearPool();
        _services = Build();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        ClearPool();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is not worth failing a test for.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private void ClearPool()
    {
        // Only this host's pool: other tests run in parallel on their own files.
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private ServiceProvider Build()
    {
        var services = new ServiceCollection();
        services.AddLogging();

        // Before AddWorkflowEngine, which only adds TimeProvider.System if none is registered.
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton(Interceptor);
        services.AddWorkflowEngine(b =>
        {
            b.AddActivity<PackParcelActivity>();
            b.AddActivity<FlakyActivity>();
            b.AddActivity<NotifyActivity>();
            _configureEngine?.Invoke(b);
        });
        services.AddWorkflowSqliteStore(_connectionString, o => o.AddInterceptors(Interceptor));
        services.AddSingleton<FlakySwitch>();
        _configureServices?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
