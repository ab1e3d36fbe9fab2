using Fulfillment.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Fulfillment.Workflows.Hangfire;

public static class WorkflowHangfireServiceCollectionExtensions
{
    /// <summary>
    /// Runs the engine's timers and outbox on Hangfire. Hangfire itself (storage, server) is
    /// configured by the host; call <see cref="WorkflowSchedulerBootstrapper.StartAsync"/> at start-up.
    /// </summary>
    public static IServiceCollection AddWorkflowHangfire(this IServiceCollection services, Action<WorkflowHangfireOptions>? configure = null)
    {
        var options = services.AddOptions<WorkflowHangfireOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddSingleton<ICommitObserver, HangfireCommitObserver>();
        services.AddTransient<TimerJobs>();
        services.AddTransient<OutboxJobs>();
        services.AddTransient<RecoveryJobs>();
        services.AddSingleton<WorkflowSchedulerBootstrapper>();
        return services;
    }
}
