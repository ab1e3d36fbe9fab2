using Fulfillment.HumanTasks.Activities;
using Fulfillment.HumanTasks.Live;
using Fulfillment.HumanTasks.Notifications;
using Fulfillment.HumanTasks.Storage;
using Fulfillment.Workflows;
using Fulfillment.Workflows.EntityFrameworkCore;
using Fulfillment.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fulfillment.HumanTasks;

public static class HumanTasksServiceCollectionExtensions
{
    /// <summary>
    /// Human tasks on the engine's SQLite database: the inbox table (written in the engine's commit
    /// transaction), the task service and the notifier. An <see cref="IUserDirectory"/> must be
    /// registered by the host; an <see cref="ITaskLinkIssuer"/> may be.
    /// </summary>
    public static IServiceCollection AddHumanTasks(this IServiceCollection services, Func<IServiceProvider, string> connectionString)
    {
        services.AddPooledDbContextFactory<HumanTasksDbContext>((sp, o) =>
            o.UseSqlite(connectionString(sp), sqlite => sqlite.MigrationsHistoryTable(HumanTasksDbContext.MigrationsHistoryTable)));
        services.AddSingleton<IWorkflowCommitParticipant, HumanTaskCommitParticipant>();
        services.AddSingleton<TaskChangeNotifier>();
        services.AddSingleton<ICommitObserver, TaskChangeCommitObserver>();
        services.AddSingleton<HumanTaskService>();
        services.AddSingleton<TaskNotifier>();
        services.AddSingleton<HumanTasksDatabase>();
        return services;
    }

    /// <summary>Puts UserTask and Approval in the palette.</summary>
    public static WorkflowEngineBuilder AddHumanTaskActivities(this WorkflowEngineBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddActivity<UserTask>().AddActivity<Approval>();
    }
}

/// <summary>Applies the inbox table's migrations.</summary>
public sealed class HumanTasksDatabase(IDbContextFactory<HumanTasksDbContext> contexts)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
    }
}
