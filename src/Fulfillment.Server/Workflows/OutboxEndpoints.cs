using Fulfillment.Workflows.EntityFrameworkCore;
using Fulfillment.Workflows.Hangfire;
using Hangfire;

namespace Fulfillment.Server.Workflows;

public static class OutboxEndpoints
{
    /// <summary>Operators' view of outgoing messages: what is pending, sent, or failed for good, and a retry for the failed.</summary>
    public static RouteGroupBuilder MapOutboxEndpoints(this RouteGroupBuilder api)
    {
        var outbox = api.MapGroup("/outbox").WithTags("Outbox").RequireAuthorization(InstanceEndpoints.OperatorPolicy);

        outbox.MapGet("/", async (string? status, int? take, OutboxDispatcher dispatcher, CancellationToken ct) =>
            {
                string[] statuses = [OutboxStatus.Pending, OutboxStatus.Dispatching, OutboxStatus.Dispatched, OutboxStatus.Failed];
                if (status is not null && !statuses.Contains(status, StringComparer.Ordinal))
                {
                    return ApiProblems.BadRequest("status", $"'{status}' is not one of {string.Join(", ", statuses)}.");
                }

                return Results.Ok(await dispatcher.ListAsync(status, take ?? 100, ct));
            })
            .WithSummary("Outgoing messages, newest first; `status=Failed` lists those that need an operator.");

        outbox.MapPost("/{id:guid}/retry", async (Guid id, OutboxDispatcher dispatcher, IBackgroundJobClient jobs, CancellationToken ct) =>
            {
                if (!await dispatcher.RequeueAsync(id, ct))
                {
                    return Results.Problem(statusCode: StatusCodes.Status409Conflict, detail: $"Outbox message {id} does not exist or has not failed.");
                }

                jobs.Enqueue<OutboxJobs>(j => j.DispatchAsync(id, CancellationToken.None));
                return Results.Accepted();
            })
            .WithSummary("Gives a Failed message a fresh set of attempts, starting now.");
        return api;
    }
}
