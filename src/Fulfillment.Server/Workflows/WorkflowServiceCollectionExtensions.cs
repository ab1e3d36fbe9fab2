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
    internal const string EngineSectionName = "Fulfillment:Engine";

    internal const string OutboxSectionName = "Fulfillment:Outbox";

    /// <summary>
    /// The workflow engine on the server's database (SQLite or PostgreSQL), its start-up work (migrate, load the
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
        services.AddWorkflowStore(DatabaseOptions.Resolve);

        // Tunables from configuration: Fulfillment:Engine (NodeName, LockDuration, ...) and Fulfillment:Outbox (Lease, ...).
        services.AddOptions<WorkflowEngineOptions>()
            .BindConfiguration(EngineSectionName)
            .Validate(o => !string.IsNullOrWhiteSpace(o.NodeName), "Fulfillment:Engine:NodeName must not be empty.")
            .Validate(o => o.LockDuration > TimeSpan.Zero, "Fulfillment:Engine:LockDuration must be positive.")
            .ValidateOnStart();
        services.AddOptions<OutboxOptions>()
            .BindConfiguration(OutboxSectionName)
            .Validate(o => o.Lease > TimeSpan.Zero && o.MaxAttempts > 0, "Fulfillment:Outbox:Lease and MaxAttempts must be positive.")
            .ValidateOnStart();
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
