using Fulfillment.Server.Hosting;
using Fulfillment.Workflows.Definitions;
using Fulfillment.Workflows.EntityFrameworkCore;
using Fulfillment.Workflows.Runtime;
using Microsoft.Extensions.Options;

namespace Fulfillment.Server.Workflows;

/// <summary>
/// Before the first request: migrate the engine's tables and publish changed files from the
/// workflows directory as new versions. Recovery comes later (<see cref="WorkflowRecoveryStartupTask"/>),
/// once every module's tables are migrated too.
/// </summary>
internal sealed partial class WorkflowStartupTask(
    WorkflowDatabase database,
    WorkflowDefinitionService definitions,
    IOptions<WorkflowHostingOptions> options,
    ILogger<WorkflowStartupTask> logger) : IStartupTask
{
    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        await database.MigrateAsync(cancellationToken);

        var directory = ResolveWorkflowsDirectory(options.Value.WorkflowsDirectory);
        if (directory is not null)
        {
            var failures = await definitions.ImportDirectoryAsync(directory, cancellationToken);
            LogImported(directory, failures.Count);
        }
    }

    /// <summary>
    /// The configured folder; else <c>./workflows</c> (running from the repository); else the copy
    /// next to the binaries (running from a build output or a test).
    /// </summary>
    internal static string? ResolveWorkflowsDirectory(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }

        foreach (var candidate in new[] { Path.GetFullPath("workflows"), Path.Combine(AppContext.BaseDirectory, "workflows") })
        {
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded workflow definitions from {Directory} ({Failures} file(s) rejected)")]
    private partial void LogImported(string directory, int failures);

}

/// <summary>Finishes instances a crash interrupted; registered after every module's migrations.</summary>
internal sealed partial class WorkflowRecoveryStartupTask(WorkflowRuntime runtime, ILogger<WorkflowRecoveryStartupTask> logger) : IStartupTask
{
    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        var recovered = await runtime.RecoverAsync(cancellationToken);
        if (recovered > 0)
        {
            LogRecovered(recovered);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovered {Count} interrupted instance(s) or queued event(s)")]
    private partial void LogRecovered(int count);
}
