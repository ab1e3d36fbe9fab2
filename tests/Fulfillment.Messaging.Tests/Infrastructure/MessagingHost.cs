using System.Text.Json.Nodes;
using Fulfillment.Workflows;
using Fulfillment.Workflows.EntityFrameworkCore;
using Fulfillment.Workflows.Runtime;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Fulfillment.Messaging.Tests.Infrastructure;

/// <summary>
/// The workflow engine with email, on a real SQLite file in a fresh temp directory and a fake
/// clock. Email goes to <see cref="PickupDirectory"/> unless the test configures SMTP.
/// </summary>
public sealed class MessagingHost : IAsyncDisposable
{
    public const string Actor = "tester";

    private readonly TempDirectory _directory;
    private readonly string _connectionString;
    private readonly ServiceProvider _services;

    private MessagingHost(Action<EmailOptions>? configureEmail)
    {
        _directory = new TempDirectory();
        PickupDirectory = Path.Combine(_directory.Path, "mail");
        TemplatesDirectory = Path.Combine(_directory.Path, "templates");
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_directory.Path, "workflows.db") }.ToString();

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddWorkflowEngine(b => b.AddEmailActivities());
        services.AddWorkflowSqliteStore(_connectionString);
        services.AddFulfillmentEmail(o =>
        {
            o.PickupDirectory = PickupDirectory;
            o.TemplatesDirectory = TemplatesDirectory;
            configureEmail?.Invoke(o);
        });
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));

    public string PickupDirectory { get; }

    /// <summary>The override folder for templates (empty unless a test writes into it).</summary>
    public string TemplatesDirectory { get; }

    /// <summary>This host's private temp directory (deleted on dispose).</summary>
    public TempDirectory Directory => _directory;

    public IServiceProvider Services => _services;

    public WorkflowRuntime Runtime => _services.GetRequiredService<WorkflowRuntime>();

    public OutboxDispatcher Dispatcher => _services.GetRequiredService<OutboxDispatcher>();

    public static async Task<MessagingHost> CreateAsync(Action<EmailOptions>? configureEmail = null)
    {
        var host = new MessagingHost(configureEmail);
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

    public Task PublishAsync(string json) =>
        _services.GetRequiredService<Fulfillment.Workflows.Definitions.WorkflowDefinitionService>().ImportAsync(json, "test.json", CancellationToken.None);

    public Task<WorkflowInstance> StartAsync(string workflowId, JsonNode? input = null) =>
        Runtime.StartAsync(workflowId, input, correlationId: null, Actor, CancellationToken.None);

    public async Task<InstanceDetails> GetDetailsAsync(string instanceId) =>
        await _services.GetRequiredService<WorkflowInstanceQueries>().GetAsync(instanceId, CancellationToken.None)
        ?? throw new InvalidOperationException($"Instance {instanceId} is not stored.");

    public Task<IReadOnlyList<OutboxMessageView>> OutboxAsync() => Dispatcher.ListAsync(status: null, take: 100, CancellationToken.None);

    public string[] PickupFiles() =>
        System.IO.Directory.Exists(PickupDirectory) ? System.IO.Directory.GetFiles(PickupDirectory) : [];

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        _directory.Dispose();
    }
}
