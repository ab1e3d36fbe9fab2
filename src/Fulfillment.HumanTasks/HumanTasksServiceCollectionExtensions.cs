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
    /// Human tasks in the engine's database (the <see cref="FulfillmentDatabase"/> the workflow store
    /// registered): the inbox table (written in the engine's commit transaction), the task service and
    /// the notifier. An <see cref="IUserDirectory"/> must be registered by the host; an
    /// <see cref="ITaskLinkIssuer"/> may be.
    /// </summary>
    public static IServiceCollection AddHumanTasks(this IServiceCollection services)
    {
        services.AddPooledDbContextFactory<HumanTasksDbContext>((sp, o) =>
            sp.GetRequiredService<FulfillmentDatabase>().Configure(o, HumanTasksDbContext.MigrationsHistoryTable));
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

/// <summary>Applies the inbox table's migrations (SQLite's or PostgreSQL's set, after the provider).</summary>
public sealed class HumanTasksDatabase(FulfillmentDatabase database)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using HumanTasksDbContext db = database.Provider == DatabaseProvider.PostgreSql
            ? new PostgreSqlHumanTasksDbContext(database.CreateOptions<PostgreSqlHumanTasksDbContext>(HumanTasksDbContext.MigrationsHistoryTable))
            : new HumanTasksDbContext(database.CreateOptions<HumanTasksDbContext>(HumanTasksDbContext.MigrationsHistoryTable));
        await db.Database.MigrateAsync(cancellationToken);
    }
}
