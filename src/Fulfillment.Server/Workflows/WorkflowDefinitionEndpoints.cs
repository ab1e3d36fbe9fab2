using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Fulfillment.Server.Identity;
using Fulfillment.Workflows.Definitions;
using Fulfillment.Workflows.Descriptors;

namespace Fulfillment.Server.Workflows;

/// <summary>A stored definition version with its metadata; <c>definition</c> is the workflow JSON itself.</summary>
public sealed record WorkflowVersionResponse(
    string Id, string Name, int Version, bool IsPublished, DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt, JsonNode Definition)
{
    public static WorkflowVersionResponse From(StoredDefinition d) =>
        new(d.WorkflowId, d.Name, d.Version, d.IsPublished, d.CreatedAt, d.PublishedAt, JsonNode.Parse(d.Json)!);
}

public sealed record SaveDraftResponse(string Id, int Version, bool IsPublished, IReadOnlyList<ValidationError> Errors);

public sealed record PublishResponse(string Id, int Version);

public sealed record ValidateResponse(IReadOnlyList<ValidationError> Errors);

/// <summary>Body of <c>POST /api/workflows/{id}/clone</c>: the new workflow's id and name.</summary>
public sealed record CloneWorkflowRequest([property: Required] string Id, [property: Required] string Name);

public static class WorkflowDefinitionEndpoints
{
    /// <summary>The authorization policy for changing definitions: Admin or Process Owner.</summary>
    public const string EditorPolicy = "WorkflowEditor";

    public static IServiceCollection AddWorkflowEditorPolicy(this IServiceCollection services) =>
        services.AddAuthorizationBuilder().AddPolicy(EditorPolicy, p => p.RequireRole(Roles.Admin, Roles.ProcessOwner)).Services;

    public static RouteGroupBuilder MapWorkflowDefinitionEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/activity-types", (ActivityRegistry registry) => registry.All)
            .WithTags("Activities").WithSummary("Activity descriptors: the designer's palette and property panels.");

        var workflows = api.MapGroup("/workflows").WithTags("Workflows");
        workflows.MapGet("/", (IWorkflowDefinitionStore store, CancellationToken ct) => store.ListAsync(ct))
            .WithSummary("Every workflow with its newest and published versions.");

        workflows.MapGet("/{id}", async (string id, int? version, IWorkflowDefinitionStore store, CancellationToken ct) =>
                await store.FindAsync(id, version, ct) is { } stored
                    ? Results.Ok(WorkflowVersionResponse.From(stored))
                    : Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"Workflow '{id}'{(version is null ? string.Empty : $" version {version}")} was not found."))
            .WithSummary("The newest version (the draft if any), or ?version=N.");

        workflows.MapGet("/{id}/export", async (string id, int? version, IWorkflowDefinitionStore store, CancellationToken ct) =>
                await store.FindAsync(id, version, ct) is { } stored
                    ? Results.Text(stored.Json, "application/json")
                    : Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"Workflow '{id}' was not found."))
            .WithSummary("The definition file exactly as stored (the documented format).");

        workflows.MapGet("/{id}/versions", async (string id, IWorkflowDefinitionStore store, CancellationToken ct) =>
                (await store.ListVersionsAsync(id, ct)).Select(v => new { v.Version, v.IsPublished, v.Name, v.CreatedAt, v.PublishedAt }))
            .WithSummary("All versions, newest first.");

        workflows.MapPut("/{id}", async (string id, HttpRequest request, WorkflowDefinitionService definitions, CancellationToken ct) =>
            {
                var (draft, errors) = await definitions.SaveDraftAsync(id, await request.ReadBodyAsync(ct), ct);
                return Results.Ok(new SaveDraftResponse(draft.WorkflowId, draft.Version, draft.IsPublished, errors));
            })
            .Accepts<JsonObject>("application/json")
            .RequireAuthorization(EditorPolicy)
            .WithSummary("Saves the draft. Unreadable JSON is a 400 naming the JSON path; validation errors are returned and block only publishing.");

        workflows.MapDelete("/{id}/draft", async (string id, IWorkflowDefinitionStore store, CancellationToken ct) =>
                await store.DeleteDraftAsync(id, ct) ? Results.NoContent() : Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"Workflow '{id}' has no draft."))
            .RequireAuthorization(EditorPolicy)
            .WithSummary("Discards the draft.");

        workflows.MapPost("/{id}/clone", async (string id, CloneWorkflowRequest request, WorkflowDefinitionService definitions, CancellationToken ct) =>
            {
                var clone = await definitions.CloneAsync(id, request.Id, request.Name, ct);
                return Results.Created($"/api/workflows/{clone.WorkflowId}", new SaveDraftResponse(clone.WorkflowId, clone.Version, clone.IsPublished, definitions.Validate(clone.Json)));
            })
            .RequireAuthorization(EditorPolicy)
            .WithSummary("Copies the workflow's newest version into the draft of a new workflow; 409 if the new id is taken.");

        workflows.MapPost("/{id}/publish", async (string id, WorkflowDefinitionService definitions, CancellationToken ct) =>
            {
                var published = await definitions.PublishAsync(id, ct);
                return Results.Ok(new PublishResponse(published.WorkflowId, published.Version));
            })
            .RequireAuthorization(EditorPolicy)
            .WithSummary("Publishes the draft as a new version; running instances stay on theirs.");

        workflows.MapPost("/validate", async (HttpRequest request, WorkflowDefinitionService definitions, CancellationToken ct) =>
                new ValidateResponse(definitions.Validate(await request.ReadBodyAsync(ct))))
            .Accepts<JsonObject>("application/json")
            .WithSummary("Validates a definition without saving it.");

        return api;
    }
}
