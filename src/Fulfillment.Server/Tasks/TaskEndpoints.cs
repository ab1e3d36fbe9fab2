using System.Text.Json;
using System.Text.Json.Nodes;
using Fulfillment.Server.Workflows;
using Fulfillment.HumanTasks;

namespace Fulfillment.Server.Tasks;

// The form's data is validated against the task's form by the task service; see StartInstanceRequest for why JsonElement.
public sealed record CompleteTaskRequest(string? Outcome, JsonElement? Data, string? Comment);

public sealed record DelegateTaskRequest(string? To);

public static class TaskEndpoints
{
    /// <summary>The inbox API: the caller's tasks, claiming, delegating and completing them.</summary>
    public static RouteGroupBuilder MapTaskEndpoints(this RouteGroupBuilder api)
    {
        var tasks = api.MapGroup("/tasks").WithTags("Tasks");

        tasks.MapGet("/", async (string? status, HttpContext http, HumanTaskService service, CancellationToken ct) =>
            {
                var wanted = HumanTaskStatus.Open;
                if (status is not null && (!Enum.TryParse(status, ignoreCase: true, out wanted) || int.TryParse(status, out _)))
                {
                    return Workflows.ApiProblems.BadRequest("status", $"'{status}' is not one of {string.Join(", ", Enum.GetNames<HumanTaskStatus>())}.");
                }

                return Results.Ok(await service.InboxAsync(http.User, wanted, ct));
            })
            .WithSummary("The caller's inbox: tasks for them or their roles; overdue first, then by due date and priority.");

        tasks.MapGet("/{id}", (string id, HttpContext http, HumanTaskService service, CancellationToken ct) => service.GetAsync(id, http.User, ct))
            .WithSummary("A task with its form, outcomes and, for an approval, the submitted tasks' data.");

        tasks.MapPost("/{id}/claim", (string id, HttpContext http, HumanTaskService service, CancellationToken ct) => service.ClaimAsync(id, http.User, ct))
            .WithSummary("Takes a role's task for yourself; it leaves the others' inboxes.");

        tasks.MapPost("/{id}/release", (string id, HttpContext http, HumanTaskService service, CancellationToken ct) => service.ReleaseAsync(id, http.User, ct))
            .WithSummary("Gives a claimed task back to its role.");

        tasks.MapPost("/{id}/delegate", async (string id, DelegateTaskRequest request, HttpContext http, HumanTaskService service, CancellationToken ct) =>
                string.IsNullOrWhiteSpace(request.To)
                    ? Workflows.ApiProblems.BadRequest("to", "Name the person (e-mail) to delegate to.")
                    : Results.Ok(await service.DelegateAsync(id, http.User, request.To.Trim(), ct)))
            .WithSummary("Hands the task to another person who holds its role.");

        tasks.MapPost("/{id}/complete", async (string id, CompleteTaskRequest request, HttpContext http, HumanTaskService service, CancellationToken ct) =>
            {
                var key = http.Request.Headers["Idempotency-Key"].ToString();
                var data = request.Data.ToNode("data");
                if (data is not (null or JsonObject))
                {
                    return ApiProblems.BadRequest("data", "The form data must be a JSON object of field values.");
                }

                return Results.Ok(await service.CompleteAsync(id, http.User, request.Outcome, data as JsonObject, request.Comment,
                    string.IsNullOrWhiteSpace(key) ? null : key, ct));
            })
            .WithSummary("Completes the task: the form is validated on the server; an approval takes Approved, Rejected (comment required) or ChangesRequested. Send an Idempotency-Key header to make a retry safe.");
        return api;
    }
}
