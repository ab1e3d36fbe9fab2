using System.Text.Json;
using System.Text.Json.Nodes;
using Fulfillment.Server.Identity;
using Fulfillment.Workflows.EntityFrameworkCore;
using Fulfillment.Workflows.Runtime;

namespace Fulfillment.Server.Workflows;

// Free-form JSON arrives as JsonElement: request validation walks object graphs, and JsonNode's Root never ends.
public sealed record StartInstanceRequest(JsonElement? Input, string? CorrelationId, int? Version);

public sealed record StartInstanceResponse(string Id, string WorkflowId, int Version, WorkflowStatus Status);

public sealed record DeliverEventRequest(string? Key, JsonElement? Payload);

/// <param name="TargetVersion">A published version of the instance's workflow.</param>
/// <param name="DryRun">Only preview where the instance's waits would land.</param>
public sealed record MigrateInstanceRequest(int? TargetVersion, bool DryRun);

public static class InstanceEndpoints
{
    internal const string OperatorPolicy = "WorkflowOperator";

    public static IServiceCollection AddWorkflowOperatorPolicy(this IServiceCollection services) =>
        services.AddAuthorizationBuilder().AddPolicy(OperatorPolicy, p => p.RequireRole(Roles.Admin, Roles.ProcessOwner)).Services;

    public static RouteGroupBuilder MapInstanceEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/workflows/{id}/instances", async (string id, StartInstanceRequest? request, HttpContext http, WorkflowRuntime runtime, CancellationToken ct) =>
            {
                var instance = await runtime.StartAsync(id, request?.Input.ToNode("input"), request?.CorrelationId, http.Actor(), ct, request?.Version);
                return Results.Created($"/api/instances/{instance.Id}",
                    new StartInstanceResponse(instance.Id, instance.WorkflowId, instance.Version, instance.Status));
            })
            .WithTags("Instances")
            .WithSummary("Starts the newest published version (or `version`) and runs it until it waits or ends.");

        var instances = api.MapGroup("/instances").WithTags("Instances");
        instances.MapGet("/", async (
                string? workflowId, string? status, string? correlationId, int? take, int? version, string? search,
                DateTimeOffset? createdFrom, DateTimeOffset? createdBefore, WorkflowInstanceQueries queries, CancellationToken ct) =>
            {
                WorkflowStatus? parsed = null;
                if (status is not null)
                {
                    if (!Enum.TryParse<WorkflowStatus>(status, ignoreCase: true, out var value) || int.TryParse(status, out _))
                    {
                        return ApiProblems.BadRequest("status", $"'{status}' is not one of {string.Join(", ", Enum.GetNames<WorkflowStatus>())}.");
                    }

                    parsed = value;
                }

                return Results.Ok(await queries.ListAsync(
                    new InstanceFilter(workflowId, parsed, correlationId, take ?? 100, version, search, createdFrom, createdBefore), ct));
            })
            .WithSummary("Instances, newest first, filtered by workflow, version, status, correlation id (exact, or `search` for a part of it) and start time (`createdFrom` inclusive, `createdBefore` exclusive).");

        instances.MapGet("/{id}", async (string id, HttpContext http, WorkflowInstanceQueries queries, CancellationToken ct) =>
            {
                if (await queries.GetAsync(id, ct) is not { } details)
                {
                    return Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"Workflow instance '{id}' was not found.");
                }

                // Stack traces name server internals: operators see them, everyone else the message.
                var isOperator = http.User.IsInRole(Roles.Admin) || http.User.IsInRole(Roles.ProcessOwner);
                return Results.Ok(isOperator || details.Incident is null ? details : details with { Incident = details.Incident with { Details = null } });
            })
            .WithSummary("Status, variables, waiting bookmarks, incident and the journal.");

        instances.MapPost("/{id}/cancel", async (string id, HttpContext http, WorkflowRuntime runtime, CancellationToken ct) =>
            {
                await runtime.CancelAsync(id, http.Actor(), ct);
                return Results.NoContent();
            })
            .RequireAuthorization(OperatorPolicy)
            .WithSummary("Cancels the instance and everything it waits for.");

        instances.MapPost("/{id}/retry", async (string id, HttpContext http, WorkflowRuntime runtime, CancellationToken ct) =>
            {
                await runtime.RetryAsync(id, http.Actor(), ct);
                return Results.NoContent();
            })
            .RequireAuthorization(OperatorPolicy)
            .WithSummary("Runs the faulted activity again.");

        instances.MapPost("/{id}/migrate", async (string id, MigrateInstanceRequest request, HttpContext http, WorkflowRuntime runtime, CancellationToken ct) =>
            {
                if (request.TargetVersion is not ({ } version and > 0))
                {
                    return ApiProblems.BadRequest("targetVersion", "Name the published version to migrate to (a positive number).");
                }

                MigrationPlan plan;
                try
                {
                    plan = await runtime.MigrateAsync(id, version, request.DryRun, http.Actor(), ct);
                }
                catch (WorkflowNotFoundException ex)
                {
                    return ApiProblems.BadRequest("targetVersion", ex.Message);
                }

                return request.DryRun || plan.Applied
                    ? Results.Ok(plan)
                    : Results.Problem(
                        statusCode: StatusCodes.Status409Conflict,
                        title: "The instance cannot be migrated.",
                        detail: string.Join(" ", plan.Problems),
                        extensions: new Dictionary<string, object?> { ["problems"] = plan.Problems, ["plan"] = plan });
            })
            .RequireAuthorization(OperatorPolicy)
            .WithSummary("Moves a suspended instance to another published version of its workflow, waits mapped by activity id; `dryRun` only previews where they land. 409 with the reasons when a wait has no place in the target.");

        api.MapPost("/events", async (DeliverEventRequest request, HttpContext http, WorkflowRuntime runtime, CancellationToken ct) =>
            {
                if (string.IsNullOrWhiteSpace(request.Key))
                {
                    return ApiProblems.BadRequest("key", "The event key is required.");
                }

                return Results.Ok(await runtime.DeliverEventAsync(request.Key, request.Payload.ToNode("payload"), http.Actor(), ct));
            })
            .WithTags("Events")
            .WithSummary("Resumes every bookmark waiting on `key`; queued for later when none waits yet.");

        return api;
    }
}
