namespace Fulfillment.Server.Hosting;

/// <summary>Creates the data folders first, so every later task can rely on them.</summary>
internal sealed class DataDirectoryStartupTask(FulfillmentPaths paths, ILogger<DataDirectoryStartupTask> logger) : IStartupTask
{
    public Task ExecuteAsync(CancellationToken cancellationToken)
    {
        paths.EnsureDirectoriesExist();
        logger.LogInformation("Data directory: {DataDirectory}", paths.DataDirectory);
        return Task.CompletedTask;
    }
}
