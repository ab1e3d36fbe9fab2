using System.Text.Json.Nodes;
using Fulfillment.Workflows.Definitions;
using Fulfillment.Workflows.Descriptors;
using Fulfillment.Workflows.EntityFrameworkCore;
using Fulfillment.Workflows.Runtime;
using Fulfillment.Workflows.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Fulfillment.Workflows.Tests.Infrastructure;

/// <summary>
/// The public <see cref="WorkflowTestHost"/> with what the engine's own tests add: the test
/// activities and a commit interceptor for fault injection that survives restarts.
/// <see cref="RestartAsync"/> does not recover by itself, so tests can call recovery and check it.
/// </summary>
public sealed class EngineHost : IAsyncDisposable
{
    public const string Actor = WorkflowTestHost.Actor;

    private readonly WorkflowTestHost _host;

    private EngineHost(WorkflowTestHost host, CommitInterceptor interceptor)
    {
        _host = host;
        Interceptor = interceptor;
    }

    public string DatabasePath => _host.DatabasePath;

    /// <summary>This host's private temp directory (deleted on dispose); tests may put files in it.</summary>
    public string TempDirectory => _host.TempDirectory;

    public FakeTimeProvider Clock => _host.Clock;

    /// <summary>Registered on every provider this host builds (it survives restarts, like the fault it injects).</summary>
    public CommitInterceptor Interceptor { get; }

    public IServiceProvider Services => _host.Services;

    public WorkflowRuntime Runtime => _host.Runtime;

    public WorkflowDefinitionService Definitions => _host.Definitions;

    public IWorkflowInstanceStore Store => Services.GetRequiredService<IWorkflowInstanceStore>();

    public ActivityRegistry Registry => Services.GetRequiredService<ActivityRegistry>();

    /// <param name="configureServices">Extra registrations, e.g. <c>services.Configure&lt;ExpressionOptions&gt;(…)</c>.</param>
    /// <param name="configureEngine">Extra activity types.</param>
    public static async Task<EngineHost> CreateAsync(
        Action<IServiceCollection>? configureServices = null, Action<WorkflowEngineBuilder>? configureEngine = null)
    {
        var interceptor = new CommitInterceptor();
        var host = await WorkflowTestHost.CreateAsync(o =>
        {
            o.ConfigureEngine = b =>
            {
                b.AddActivity<PackParcelActivity>();
                b.AddActivity<FlakyActivity>();
                b.AddActivity<NotifyActivity>();
                configureEngine?.Invoke(b);
            };
            o.ConfigureServices = services =>
            {
                services.AddSingleton(interceptor);
                services.AddSingleton<FlakySwitch>();
                configureServices?.Invoke(services);
            };
            o.ConfigureDatabase = db => db.AddInterceptors(interceptor);
        });
        return new EngineHost(host, interceptor);
    }

    /// <summary>Imports (publishes) a definition the way files are loaded at start-up.</summary>
    public Task<StoredDefinition> PublishAsync(string json, string source = "test.json") => _host.PublishAsync(json, source);

    public Task<WorkflowInstance> StartAsync(string workflowId, JsonNode? input = null, string? correlationId = null, int? version = null) =>
        _host.StartAsync(workflowId, input, correlationId, version);

    public Task<EventDeliveryResult> DeliverAsync(string key, JsonNode? payload = null) => _host.DeliverAsync(key, payload);

    public Task<InstanceDetails> GetDetailsAsync(string instanceId) => _host.GetDetailsAsync(instanceId);

    /// <summary>Reads the database directly (outbox, stimuli, bookmark index).</summary>
    public Task<T> QueryAsync<T>(Func<WorkflowDbContext, Task<T>> query) => _host.QueryAsync(query);

    /// <summary>Simulates a process restart: a new service provider (empty caches, new runtime) on the same database file; no recovery yet.</summary>
    public Task RestartAsync() => _host.RestartAsync(recover: false);

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
