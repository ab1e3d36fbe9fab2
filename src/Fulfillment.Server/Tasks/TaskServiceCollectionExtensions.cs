using Fulfillment.HumanTasks;
using Fulfillment.HumanTasks.Notifications;
using Fulfillment.Server.Hosting;
using Fulfillment.Workflows.Definitions;

namespace Fulfillment.Server.Tasks;

public static class TaskServiceCollectionExtensions
{
    /// <summary>Human tasks on the server: the inbox table, Identity as the user directory, signed e-mail links, errors as problems.</summary>
    public static IServiceCollection AddFulfillmentTasks(this IServiceCollection services)
    {
        services.AddHumanTasks();
        services.AddSingleton<IUserDirectory, IdentityUserDirectory>();
        services.AddOptions<TaskLinkOptions>().BindConfiguration(FulfillmentServerOptions.SectionName);
        services.AddSingleton<TaskLinkIssuer>();
        services.AddSingleton<ITaskLinkIssuer>(sp => sp.GetRequiredService<TaskLinkIssuer>());
        services.AddStartupTask<HumanTasksStartupTask>();
        services.MapExceptionToProblem<TaskOperationException>(
            ex => ex.Refusal switch
            {
                TaskRefusal.NotFound => StatusCodes.Status404NotFound,
                TaskRefusal.Forbidden => StatusCodes.Status403Forbidden,
                TaskRefusal.Conflict => StatusCodes.Status409Conflict,
                _ => StatusCodes.Status400BadRequest,
            },
            configure: (problem, ex) =>
            {
                problem.Detail = ex.Message;
                if (ex.Errors.Count > 0)
                {
                    problem.Extensions["path"] = ex.Errors[0].Path;
                    problem.Extensions["errors"] = ex.Errors;
                }
            });
        return services;
    }
}

/// <summary>Migrates the inbox table; runs after the engine's migrations.</summary>
internal sealed class HumanTasksStartupTask(HumanTasksDatabase database) : IStartupTask
{
    public Task ExecuteAsync(CancellationToken cancellationToken) => database.MigrateAsync(cancellationToken);
}
