using Fulfillment.Operations.Activities;
using Fulfillment.Operations.Inventory;
using Fulfillment.Operations.Kpis;
using Fulfillment.Operations.Orders;
using Fulfillment.Operations.Storage;
using Fulfillment.Workflows;
using Fulfillment.Workflows.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fulfillment.Operations;

public static class OperationsServiceCollectionExtensions
{
    /// <summary>
    /// Orders and inventory in the engine's database (the <see cref="FulfillmentDatabase"/> the workflow
    /// store registered, SQLite or PostgreSQL): the operations tables (own migrations, written in the
    /// engine's commit where a workflow changes an order), and the order, inventory and KPI services.
    /// Needs the engine's store and the human tasks' inbox table (for the KPIs) registered too.
    /// </summary>
    public static IServiceCollection AddOperations(this IServiceCollection services)
    {
        services.AddPooledDbContextFactory<OperationsDbContext>((sp, o) =>
            sp.GetRequiredService<FulfillmentDatabase>().Configure(o, OperationsDbContext.MigrationsHistoryTable));
        services.AddOptions<OperationsOptions>();
        services.AddSingleton<IWorkflowCommitParticipant, OperationsCommitParticipant>();
        services.AddSingleton<OperationsDatabase>();
        services.AddSingleton<OrderService>();
        services.AddSingleton<InventoryService>();
        services.AddSingleton<OrderProcessing>();
        services.AddSingleton<KpiService>();
        services.AddSingleton<DemoInventory>();
        return services;
    }

    /// <summary>Puts the order and inventory activities in the palette (categories Orders and Inventory).</summary>
    public static WorkflowEngineBuilder AddOperationsActivities(this WorkflowEngineBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .AddActivity<CheckPayment>()
            .AddActivity<UpdateOrderStatus>()
            .AddActivity<CheckAvailability>()
            .AddActivity<ReserveStock>()
            .AddActivity<AllocateStock>()
            .AddActivity<ReleaseStock>()
            .AddActivity<CommitStock>()
            .AddActivity<Restock>();
    }
}
