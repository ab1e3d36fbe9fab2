using Fulfillment.Server.Hosting;
using Fulfillment.Workflows.Definitions;
using Fulfillment.Workflows.EntityFrameworkCore;
using Fulfillment.Workflows.Runtime;
using Microsoft.Extensions.Options;

namespace Fulfillment.Server.Workflows;

/// <summary>
/// Before the first request: migrate the engine's tables, publish changed files from the
/// workflows directory as new versions, and finish instances a crash interrupted.
/// </summary>
internal sealed partial class WorkflowStartupTask(
    WorkflowDatabase database,
    WorkflowDefinitionService definitions,
    WorkflowRuntime runtime,
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

        var recovered = await runtime.RecoverAsync(cancellationToken);
        if (recovered > 0)
        {
            LogRecovered(recovered);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovered {Count} interrupted instance(s) or queued event(s)")]
    private partial void LogRecovered(int count);
}
