using Fulfillment.Workflows.Runtime;

namespace Fulfillment.Bench;

/// <summary>Counts the engine's commits (one per burst: start, resume, timer) as they happen.</summary>
internal sealed class CommitCounter : ICommitObserver
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public Task OnCommittedAsync(CommitResult result, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _count);
        return Task.CompletedTask;
    }
}
