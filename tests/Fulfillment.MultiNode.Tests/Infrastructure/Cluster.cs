using Fulfillment.Workflows;
using Fulfillment.Workflows.EntityFrameworkCore;
using Fulfillment.Workflows.Runtime;
using Fulfillment.Workflows.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Fulfillment.MultiNode.Tests.Infrastructure;

/// <summary>
/// Several engine nodes in one process on one PostgreSQL database: each a <see cref="WorkflowTestHost"/>
/// with its own service provider, connection pool, virtual clock and node name, as separate servers
/// would have. They share the test's probes: the execution counter, the outbox receiver and the gate.
/// </summary>
public sealed class Cluster : IAsyncDisposable
{
    private readonly List<WorkflowTestHost> _nodes = [];

    private Cluster()
    {
    }

    public static DateTimeOffset Start { get; } = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    public IReadOnlyList<WorkflowTestHost> Nodes => _nodes;

    public WorkflowTestHost this[int index] => _nodes[index];

    public ExecutionCounter Counter { get; } = new();

    public CountingOutboxHandler Receiver { get; } = new();

    public TransactionGate Gate { get; } = new();

    /// <param name="configure">Per node (by index): further engine options, e.g. a smaller burst.</param>
    /// <param name="activities">Further activity types on every node, e.g. human tasks'.</param>
    /// <param name="services">Further services on every node, e.g. the human-task module.</param>
    public static async Task<Cluster> StartAsync(
        string connectionString,
        int nodes,
        Action<int, WorkflowEngineOptions>? configure = null,
        Action<WorkflowEngineBuilder>? activities = null,
        Action<IServiceCollection>? services = null)
    {
        var cluster = new Cluster();
        try
        {
            for (var i = 0; i < nodes; i++)
            {
                cluster._nodes.Add(await cluster.StartNodeAsync(connectionString, i, configure, activities, services));
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public static string NodeName(int index) => $"node-{(char)('a' + index)}";

    /// <summary>Sets every node's clock (they are separate processes' clocks, kept in step by the test).</summary>
    public void SetTime(DateTimeOffset now)
    {
        foreach (var node in _nodes)
        {
            node.Clock.SetUtcNow(now);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }

    private Task<WorkflowTestHost> StartNodeAsync(
        string connectionString,
        int index,
        Action<int, WorkflowEngineOptions>? configure,
        Action<WorkflowEngineBuilder>? activities,
        Action<IServiceCollection>? moreServices) =>
        WorkflowTestHost.CreateAsync(o =>
        {
            o.Database = FulfillmentDatabase.PostgreSql(connectionString);
            o.StartTime = Start;
            o.ConfigureEngine = b =>
            {
                b.AddActivity<CountedStep>().AddActivity<SendTestMessage>();
                activities?.Invoke(b);
            };
            o.ConfigureDatabase = db => db.AddInterceptors(Gate);
            o.ConfigureServices = services =>
            {
                moreServices?.Invoke(services);
                services.AddSingleton(Counter);
                services.AddSingleton<IOutboxHandler>(Receiver);
                services.Configure<WorkflowEngineOptions>(e =>
                {
                    e.NodeName = NodeName(index);
                    configure?.Invoke(index, e);
                });
            };
        });
}
