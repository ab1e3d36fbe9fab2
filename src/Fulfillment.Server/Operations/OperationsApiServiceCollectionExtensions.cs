using Fulfillment.Operations;
using Fulfillment.Operations.Inventory;
using Fulfillment.Operations.Orders;
using Fulfillment.Operations.Storage;
using Fulfillment.Server.Hosting;
using Fulfillment.Server.Identity;
using Fulfillment.Workflows.Runtime;
using Microsoft.Extensions.Options;

namespace Fulfillment.Server.Operations;

public static class OperationsApiServiceCollectionExtensions
{
    /// <summary>Who may cancel orders and record payments.</summary>
    internal const string OrderDeskPolicy = "OrderDesk";

    /// <summary>Who may book stock in.</summary>
    internal const string StockkeepingPolicy = "Stockkeeping";

    /// <summary>
    /// Orders, inventory and KPIs in the server's database (SQLite or PostgreSQL): the services, their start-up work
    /// (migrate after the inbox table; demo inventory; starting orders whose start was interrupted),
    /// the settings under <c>Fulfillment:Operations</c>, and how their errors reach clients.
    /// The activities are registered with the engine in <c>AddFulfillmentWorkflows</c>.
    /// </summary>
    public static IServiceCollection AddFulfillmentOperations(this IServiceCollection services)
    {
        services.AddOperations();
        services.AddOptions<OperationsOptions>().BindConfiguration(OperationsOptions.SectionName);
        services.AddStartupTask<OperationsStartupTask>();
        services.AddAuthorizationBuilder()
            .AddPolicy(OrderDeskPolicy, p => p.RequireRole(Roles.Admin, Roles.CustomerService, Roles.CustomerServiceManager))
            .AddPolicy(StockkeepingPolicy, p => p.RequireRole(Roles.Admin, Roles.WarehouseManager, Roles.WarehouseStaff));

        services.MapExceptionToProblem<OperationsValidationException>(StatusCodes.Status400BadRequest, "The request is invalid.", (problem, ex) =>
        {
            problem.Detail = string.Join("; ", ex.Errors.Take(5));
            problem.Extensions["path"] = ex.Errors[0].Path;
            problem.Extensions["errors"] = ex.Errors;
        });
        services.MapExceptionToProblem<OrderNotFoundException>(StatusCodes.Status404NotFound);
        services.MapExceptionToProblem<OrderStateException>(StatusCodes.Status409Conflict, "The order cannot do that now.");
        services.MapExceptionToProblem<OrderWorkflowUnavailableException>(StatusCodes.Status503ServiceUnavailable, "The order workflow is not published.",
            (problem, ex) => problem.Extensions["workflowId"] = ex.WorkflowId);
        return services;
    }
}

/// <summary>
/// Migrates the operations tables (after the engine's and the inbox's), adds the demo inventory when
/// demo data is on, and starts the workflow of orders stored just before a crash.
/// </summary>
internal sealed partial class OperationsStartupTask(
    OperationsDatabase database,
    DemoInventory demo,
    OrderProcessing processing,
    IOptions<FulfillmentServerOptions> options,
    IHostEnvironment environment,
    ILogger<OperationsStartupTask> logger) : IStartupTask
{
    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        await database.MigrateAsync(cancellationToken);
        if (options.Value.IsDemoDataEnabled(environment) && await demo.EnsureAsync(cancellationToken) is > 0 and var added)
        {
            LogDemoInventory(added);
        }

        if (await processing.StartUnstartedAsync(WorkflowRuntime.SystemActor, cancellationToken) is > 0 and var started)
        {
            LogStarted(started);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Added the demo inventory: {Products} products in 3 warehouses")]
    private partial void LogDemoInventory(int products);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Started the workflow of {Count} order(s) stored before an interruption")]
    private partial void LogStarted(int count);
}
