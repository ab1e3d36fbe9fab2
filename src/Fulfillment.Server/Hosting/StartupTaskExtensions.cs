namespace Fulfillment.Server.Hosting;

public static class StartupTaskExtensions
{
    /// <summary>Adds a task to run, after the ones registered before it, when the server starts.</summary>
    public static IServiceCollection AddStartupTask<TTask>(this IServiceCollection services)
        where TTask : class, IStartupTask
    {
        // Registered under its own type in a list, not as IStartupTask directly, so the runner can
        // create a fresh scope per task while preserving registration order.
        services.AddScoped<TTask>();
        services.AddSingleton(new StartupTaskRegistration(typeof(TTask)));
        return services;
    }

    /// <summary>
    /// Runs every registered <see cref="IStartupTask"/>. Call it after <c>Build()</c> and before
    /// <c>Run</c>: this is what guarantees the database is ready before the first request, also under
    /// <c>WebApplicationFactory</c>, which runs the entry point up to <c>Run</c>. On a shared PostgreSQL
    /// database the nodes run their start-up tasks one after another (<see cref="StartupLock"/>).
    /// </summary>
    public static async Task RunStartupTasksAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StartupTaskExtensions));
        await using var startupLock = await StartupLock.AcquireAsync(
            app.Services.GetRequiredService<Fulfillment.Workflows.EntityFrameworkCore.FulfillmentDatabase>(), logger, cancellationToken);
        foreach (var registration in app.Services.GetServices<StartupTaskRegistration>())
        {
            await using var scope = app.Services.CreateAsyncScope();
            var task = (IStartupTask)scope.ServiceProvider.GetRequiredService(registration.TaskType);
            logger.LogDebug("Running start-up task {Task}", registration.TaskType.Name);
            await task.ExecuteAsync(cancellationToken);
        }
    }

    private sealed record StartupTaskRegistration(Type TaskType);
}
