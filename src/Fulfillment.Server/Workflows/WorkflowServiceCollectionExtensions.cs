using Fulfillment.HumanTasks;
using Fulfillment.Messaging;
using Fulfillment.Operations;
using Fulfillment.Server.Hosting;
using Fulfillment.Workflows;
using Fulfillment.Workflows.Definitions;
using Fulfillment.Workflows.EntityFrameworkCore;
using Fulfillment.Workflows.Runtime;

namespace Fulfillment.Server.Workflows;

public static class WorkflowServiceCollectionExtensions
{
    /// <summary>
    /// The workflow engine on the server's SQLite file, its start-up work (migrate, load the
    /// <c>workflows/</c> files, recover interrupted instances) and how its errors reach clients.
    /// </summary>
    public static IServiceCollection AddFulfillmentWorkflows(this IServiceCollection services, Action<WorkflowEngineBuilder>? configure = null)
    {
        services.AddOptions<WorkflowHostingOptions>().BindConfiguration(FulfillmentServerOptions.SectionName);
        services.AddWorkflowEngine(builder =>
        {
            builder.AddEmailActivities();
            builder.AddHumanTaskActivities();
            builder.AddOperationsActivities();
            builder.AddOperationsFlowActivities();
            configure?.Invoke(builder);
        });

        // E-mail leaves through the outbox: SMTP when Fulfillment:Email:Smtp:Host is set, else one .eml per message in <data>/mail.
        services.AddFulfillmentEmail();
        services.AddOptions<EmailOptions>().Configure<FulfillmentPaths>((email, paths) => email.PickupDirectory ??= paths.MailDirectory);
        services.AddWorkflowSqliteStore(sp => sp.GetRequiredService<FulfillmentPaths>().SqliteConnectionString);
        services.AddStartupTask<WorkflowStartupTask>();
        services.AddWorkflowEditorPolicy();
        services.AddWorkflowOperatorPolicy();

        services.MapExceptionToProblem<WorkflowValidationException>(StatusCodes.Status400BadRequest, "The workflow definition is invalid.", (problem, ex) =>
        {
            problem.Detail = string.Join("; ", ex.Errors.Take(5));
            problem.Extensions["path"] = ex.Errors.Count > 0 ? ex.Errors[0].Path : "$";
            problem.Extensions["errors"] = ex.Errors;
        });
        services.MapExceptionToProblem<WorkflowNotFoundException>(StatusCodes.Status404NotFound, configure: (p, ex) => p.Detail = ex.Message);
        services.MapExceptionToProblem<InstanceNotFoundException>(StatusCodes.Status404NotFound, configure: (p, ex) => p.Detail = ex.Message);
        services.MapExceptionToProblem<InvalidWorkflowInputException>(StatusCodes.Status400BadRequest, "The workflow input is invalid.", (p, ex) =>
        {
            p.Detail = ex.Message;
            p.Extensions["path"] = "input";
        });
        services.MapExceptionToProblem<WorkflowAlreadyExistsException>(StatusCodes.Status409Conflict, configure: (p, ex) => p.Detail = ex.Message);
        services.MapExceptionToProblem<InvalidInstanceStateException>(StatusCodes.Status409Conflict, configure: (p, ex) => p.Detail = ex.Message);
        services.MapExceptionToProblem<ConcurrencyConflictException>(StatusCodes.Status409Conflict, configure: (p, ex) => p.Detail = ex.Message);
        return services;
    }
}
