namespace Fulfillment.Server.Hosting;

/// <summary>
/// One-off work that must finish before the server accepts its first request: creating folders,
/// migrating databases, seeding demo data. Tasks run once per start, in registration order, each in
/// its own DI scope (so they may take scoped services such as a DbContext). Register with
/// <see cref="StartupTaskExtensions.AddStartupTask{TTask}"/>; a failing task stops the start-up.
/// </summary>
public interface IStartupTask
{
    Task ExecuteAsync(CancellationToken cancellationToken);
}
