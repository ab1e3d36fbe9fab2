using System.Reflection;
using Fulfillment.Workflows.Activities;
using Fulfillment.Workflows.Definitions;
using Fulfillment.Workflows.Descriptors;
using Fulfillment.Workflows.Expressions;
using Fulfillment.Workflows.Runtime;
using Fulfillment.Workflows.Sdk;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fulfillment.Workflows;

/// <summary>Collects the activity types a host offers. The built-in activities are always included.</summary>
public sealed class WorkflowEngineBuilder
{
    internal WorkflowEngineBuilder(IServiceCollection services) => Services = services;

    public IServiceCollection Services { get; }

    internal HashSet<Type> ActivityTypes { get; } = [];

    /// <summary>Registers one activity type; it appears in the designer palette from its attributes.</summary>
    public WorkflowEngineBuilder AddActivity<TActivity>()
        where TActivity : Activity
    {
        ActivityTypes.Add(typeof(TActivity));
        return this;
    }

    /// <summary>Registers every concrete <see cref="Activity"/> with an <see cref="ActivityAttribute"/> in the assembly of <typeparamref name="TMarker"/>.</summary>
    public WorkflowEngineBuilder AddActivitiesFrom<TMarker>() => AddActivitiesFrom(typeof(TMarker).Assembly);

    public WorkflowEngineBuilder AddActivitiesFrom(Assembly assembly)
    {
        ActivityTypes.UnionWith(assembly.GetExportedTypes().Where(t =>
            t is { IsClass: true, IsAbstract: false } && typeof(Activity).IsAssignableFrom(t) && t.GetCustomAttribute<ActivityAttribute>() is not null));
        return this;
    }
}

public static class WorkflowEngineServiceCollectionExtensions
{
    /// <summary>
    /// Adds the workflow engine. A store must be added too (e.g. <c>AddWorkflowSqliteStore</c>).
    /// Call once; activity types are registered through <paramref name="configure"/>.
    /// </summary>
    public static IServiceCollection AddWorkflowEngine(this IServiceCollection services, Action<WorkflowEngineBuilder>? configure = null)
    {
        var builder = new WorkflowEngineBuilder(services);
        builder.AddActivitiesFrom<Start>();
        configure?.Invoke(builder);

        services.AddOptions<WorkflowEngineOptions>();
        services.AddOptions<ExpressionOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new ActivityRegistry(builder.ActivityTypes.Select(ActivityDescriptorFactory.Create)));
        services.AddSingleton<ExpressionCompiler>();
        services.AddSingleton<ActivityFactory>();
        services.AddSingleton<WorkflowExecutor>();
        services.AddSingleton<WorkflowValidator>();
        services.AddSingleton<WorkflowDefinitionService>();
        services.AddSingleton(sp => new WorkflowRuntime(
            sp.GetRequiredService<IWorkflowInstanceStore>(),
            sp.GetRequiredService<WorkflowDefinitionService>(),
            sp.GetRequiredService<WorkflowExecutor>(),
            sp.GetRequiredService<IServiceScopeFactory>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<WorkflowEngineOptions>>(),
            sp.GetRequiredService<ILogger<WorkflowRuntime>>(),
            sp.GetServices<ICommitObserver>(),
            sp.GetRequiredService<IWorkflowScheduleStore>()));
        return services;
    }
}
