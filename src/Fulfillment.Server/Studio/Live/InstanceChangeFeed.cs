using Fulfillment.Workflows.Runtime;

namespace Fulfillment.Server.Studio.Live;

/// <summary>The id of every instance whose new state was just committed, for the Studio's instance pages.</summary>
internal sealed class InstanceChangeFeed(ILogger<InstanceChangeFeed> logger) : ChangeFeed<string>(logger), ICommitObserver
{
    public Task OnCommittedAsync(CommitResult result, CancellationToken cancellationToken)
    {
        if (result.Commit is { } commit)
        {
            Publish(commit.Instance.Id);
        }

        return Task.CompletedTask;
    }
}
