using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Fulfillment.Workflows.Runtime;
using Fulfillment.Workflows.Sdk;

namespace Fulfillment.MultiNode.Tests.Infrastructure;

/// <summary>How often each instance ran a <see cref="CountedStep"/>, committed or not, on any node.</summary>
public sealed class ExecutionCounter
{
    private readonly ConcurrentDictionary<string, int> _runs = new(StringComparer.Ordinal);

    public void Count(string instanceId, string activityId) => _runs.AddOrUpdate($"{instanceId}/{activityId}", 1, (_, n) => n + 1);

    public int Runs(string instanceId, string activityId) => _runs.GetValueOrDefault($"{instanceId}/{activityId}");
}

/// <summary>
/// Counts every execution, including those of bursts that lose a concurrency race and never commit:
/// so a test sees not only that an instance committed once, but that only one node ran it.
/// </summary>
[Activity("Test", "Counted step")]
public sealed class CountedStep(ExecutionCounter counter) : CodeActivity
{
    protected override ValueTask<string> RunAsync(ActivityContext context)
    {
        counter.Count(context.InstanceId, context.ActivityId);
        return ValueTask.FromResult(ActivityOutcomes.Done);
    }
}

/// <summary>Queues one outbox message of kind <c>test</c>.</summary>
[Activity("Test", "Send test message")]
public sealed class SendTestMessage : CodeActivity
{
    protected override ValueTask<string> RunAsync(ActivityContext context)
    {
        context.SendMessage(CountingOutboxHandler.MessageKind, new JsonObject { ["instance"] = context.InstanceId }, context.IdempotencyKey);
        return ValueTask.FromResult(ActivityOutcomes.Done);
    }
}

/// <summary>Receives <c>test</c> messages and counts each delivery by idempotency key; takes a little while, like a network call.</summary>
public sealed class CountingOutboxHandler : IOutboxHandler
{
    public const string MessageKind = "test";

    private readonly ConcurrentDictionary<string, int> _deliveries = new(StringComparer.Ordinal);

    public string Kind => MessageKind;

    public IReadOnlyDictionary<string, int> Deliveries => _deliveries;

    public async Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        _deliveries.AddOrUpdate(message.IdempotencyKey, 1, (_, n) => n + 1);
        await Task.Delay(TimeSpan.FromMilliseconds(5), cancellationToken);
    }
}
