using Fulfillment.Server.Hosting;
using Fulfillment.Server.Identity;
using Fulfillment.Workflows.EntityFrameworkCore;
using Fulfillment.Workflows.Hangfire;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fulfillment.Server.Scheduling;

public static class SchedulingServiceCollectionExtensions
{
    /// <summary>
    /// The server's clock: the system clock, or with <c>Fulfillment__Clock=Simulated</c> a
    /// <see cref="SimulatedClock"/>. Call before <c>AddFulfillmentWorkflows</c>, so the engine takes it.
    /// </summary>
    public static IServiceCollection AddFulfillmentClock(this IServiceCollection services)
    {
        services.AddSingleton(sp => new SimulatedClock(Path.Combine(sp.GetRequiredService<FulfillmentPaths>().DataDirectory, "simulated-clock.txt")));
        services.AddSingleton<TimeProvider>(sp => IsSimulated(sp) ? sp.GetRequiredService<SimulatedClock>() : TimeProvider.System);

        // Simulated time is business time: sign-in tokens and cookies keep real time, or advancing
        // the clock by days would sign everybody out.
        services.PostConfigureAll<BearerTokenOptions>(o => o.TimeProvider = TimeProvider.System);
        services.PostConfigureAll<CookieAuthenticationOptions>(o => o.TimeProvider = TimeProvider.System);
        return services;
    }

    /// <summary>
    /// Hangfire and the engine's timers and outbox on it: on SQLite with in-memory storage, rebuilt
    /// from our timer and outbox rows at start-up; on PostgreSQL with Hangfire.PostgreSql in its own
    /// schema of the same database, shared by every node. Call last: its start-up tasks (recovery,
    /// then scheduling) need every module's tables migrated.
    /// </summary>
    public static IServiceCollection AddFulfillmentScheduling(this IServiceCollection services)
    {
        // Storage and activator belong to this container, registered before AddHangfire (which only
        // adds them if missing): its defaults are process-wide statics, with which two servers in one
        // process (the tests) would run each other's jobs against each other's databases.
        services.AddSingleton<JobStorage>(CreateJobStorage);
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire(configuration => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        services.AddHangfireServer(o => o.SchedulePollingInterval = TimeSpan.FromSeconds(1));

        services.AddWorkflowHangfire();
        services.AddOptions<WorkflowHangfireOptions>()
            .BindConfiguration(SchedulerSectionName)
            .Configure<IOptions<FulfillmentServerOptions>, FulfillmentDatabase>((o, server, database) =>
            {
                o.ScheduleTimers = server.Value.Clock == ClockMode.System;
                o.StorageIsVolatile = database.Provider != DatabaseProvider.PostgreSql;
            });
        services.AddStartupTask<HangfireSchemaStartupTask>();
        services.AddStartupTask<Workflows.WorkflowRecoveryStartupTask>();
        services.AddStartupTask<SchedulerStartupTask>();
        return services;
    }

    /// <summary>The Hangfire dashboard at <c>/hangfire</c>, for Admins only.</summary>
    public static IEndpointConventionBuilder MapFulfillmentHangfireDashboard(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            // The default filter admits local requests only, which behind a proxy or a test host is nobody (or everybody).
            Authorization = [new AdminDashboardAuthorizationFilter()],
            DisplayStorageConnectionString = false,
        });

    /// <summary>Tunables of the sweeps, from <c>Fulfillment:Scheduler</c> (e.g. <c>SweepCron</c>).</summary>
    internal const string SchedulerSectionName = "Fulfillment:Scheduler";

    private static JobStorage CreateJobStorage(IServiceProvider services)
    {
        var database = services.GetRequiredService<FulfillmentDatabase>();
        if (database.Provider != DatabaseProvider.PostgreSql)
        {
            return new InMemoryStorage();
        }

        var options = new PostgreSqlStorageOptions
        {
            SchemaName = services.GetRequiredService<IOptions<DatabaseOptions>>().Value.HangfireSchema,

            // Installed by HangfireSchemaStartupTask, inside the start-up lock: the storage is created when
            // the dashboard is mapped, before that lock, and two nodes must not install at once.
            PrepareSchemaIfNecessary = false,

            // A job fetched by a node that then dies becomes visible to the others after this; a live
            // node keeps extending it while the job runs. (Our rows are the truth either way: the sweeps
            // take over a dead node's timers and messages once its locks expire.)
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = TimeSpan.FromMinutes(5),

            // Hangfire's own locks (its schedulers') left by a dead node are broken after this, not the default 10 minutes.
            DistributedLockTimeout = TimeSpan.FromMinutes(1),
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(database.ConnectionString, options), options);
    }

    internal static bool IsSimulated(IServiceProvider services) =>
        services.GetRequiredService<IOptions<FulfillmentServerOptions>>().Value.Clock == ClockMode.Simulated;

    private sealed class AdminDashboardAuthorizationFilter : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Roles.Admin);
    }
}

/// <summary>Runs after the workflow start-up (migrations, recovery): schedules every timer row and drains the outbox.</summary>
internal sealed class SchedulerStartupTask(WorkflowSchedulerBootstrapper bootstrapper) : IStartupTask
{
    public Task ExecuteAsync(CancellationToken cancellationToken) => bootstrapper.StartAsync(cancellationToken);
}

/// <summary>
/// Creates or upgrades Hangfire's tables in their schema (PostgreSQL only), before anything enqueues a
/// job: the recovery pass already may.
/// </summary>
internal sealed class HangfireSchemaStartupTask(FulfillmentDatabase database, IOptions<DatabaseOptions> options) : IStartupTask
{
    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        if (database.Provider != DatabaseProvider.PostgreSql)
        {
            return;
        }

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        PostgreSqlObjectsInstaller.Install(connection, options.Value.HangfireSchema);
    }
}
