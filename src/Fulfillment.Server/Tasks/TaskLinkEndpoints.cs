using System.Security.Claims;
using System.Text.Encodings.Web;
using Fulfillment.HumanTasks;
using Fulfillment.Server.Identity;
using Microsoft.AspNetCore.Identity;

namespace Fulfillment.Server.Tasks;

/// <summary>
/// <c>/tasks/act?token=…</c>: where the links in approval e-mails lead. The signed token is the
/// credential (no sign-in): Approve acts at once; Reject shows a page asking for the required
/// comment. A tampered, expired or already used link gets a page saying so, never a second decision.
/// </summary>
public static class TaskLinkEndpoints
{
    public static IEndpointRouteBuilder MapTaskLinkEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/tasks/act", async (string? token, HttpContext http, CancellationToken ct) =>
            {
                var links = http.RequestServices.GetRequiredService<TaskLinkIssuer>();
                if (token is null || links.Read(token) is not { } claim)
                {
                    return Page(StatusCodes.Status400BadRequest, "This link does not work", "It has expired or was changed. Open the task from your inbox instead.");
                }

                return claim.Outcome == ApprovalOutcomes.Rejected
                    ? Page(StatusCodes.Status200OK, "Reject", "Please say why (the people who did the work will see your comment).", RejectForm(token))
                    : await DecideAsync(http, claim, comment: null, ct);
            })
            .AllowAnonymous()
            .ExcludeFromDescription();

        endpoints.MapPost("/tasks/act", async (HttpContext http, CancellationToken ct) =>
            {
                var form = await http.Request.ReadFormAsync(ct);
                var links = http.RequestServices.GetRequiredService<TaskLinkIssuer>();
                if (form["token"].ToString() is not { Length: > 0 } token || links.Read(token) is not { } claim)
                {
                    return Page(StatusCodes.Status400BadRequest, "This link does not work", "It has expired or was changed. Open the task from your inbox instead.");
                }

                var comment = form["comment"].ToString().Trim();
                if (comment.Length == 0)
                {
                    return Page(StatusCodes.Status400BadRequest, "Reject", "A comment is required to reject.", RejectForm(token));
                }

                return await DecideAsync(http, claim, comment, ct);
            })
            .AllowAnonymous()
            .DisableAntiforgery()
            .ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> DecideAsync(HttpContext http, TaskLinkClaim claim, string? comment, CancellationToken ct)
    {
        var services = http.RequestServices;
        var users = services.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByEmailAsync(claim.Recipient) is not { } user)
        {
            return Page(StatusCodes.Status403Forbidden, "Not allowed", "The account this link was sent to no longer exists.");
        }

        var identity = new ClaimsIdentity("TaskLink", ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, claim.Recipient));
        identity.AddClaim(new Claim(ClaimTypes.Email, claim.Recipient));
        foreach (var role in await users.GetRolesAsync(user))
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, role));
        }

        var tasks = services.GetRequiredService<HumanTaskService>();
        var principal = new ClaimsPrincipal(identity);
        try
        {
            if (await tasks.GetAsync(claim.TaskId, principal, ct) is { Status: not HumanTaskStatus.Open } decided)
            {
                return AlreadyDecided(decided);
            }

            // The link's nonce is the idempotency key: a link used twice at the same moment still decides once.
            var task = await tasks.CompleteAsync(claim.TaskId, principal, claim.Outcome, data: null, comment, $"link:{claim.Nonce}", ct);
            return Page(StatusCodes.Status200OK, claim.Outcome, $"'{task.Title}' is {claim.Outcome.ToLowerInvariant()}. Thank you.");
        }
        catch (TaskOperationException ex) when (ex.Refusal is TaskRefusal.Conflict)
        {
            return AlreadyDecided(await tasks.GetAsync(claim.TaskId, principal, ct));
        }
        catch (TaskOperationException ex)
        {
            return Page(ex.Refusal == TaskRefusal.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status403Forbidden, "Not possible", ex.Message);
        }
    }

    private static IResult AlreadyDecided(HumanTaskView task) => Page(StatusCodes.Status409Conflict, "Already decided",
        task.Status == HumanTaskStatus.Completed
            ? $"'{task.Title}' was already decided: {task.Outcome} by {task.CompletedBy}. This link cannot change it."
            : $"'{task.Title}' is {task.Status.ToString().ToLowerInvariant()}; this link cannot change it.");

    private static string RejectForm(string token) => $"""
        <form method="post" action="/tasks/act">
          <input type="hidden" name="token" value="{HtmlEncoder.Default.Encode(token)}">
          <label for="comment">Comment (required)</label>
          <textarea id="comment" name="comment" rows="5" required style="display:block;width:100%;margin:8px 0 16px"></textarea>
          <button type="submit">Reject</button>
        </form>
        """;

    private static IResult Page(int status, string title, string message, string? extra = null) => Results.Content($"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{HtmlEncoder.Default.Encode(title)} · Fulfillment</title></head>
        <body style="font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5">
        <main><h1>{HtmlEncoder.Default.Encode(title)}</h1><p>{HtmlEncoder.Default.Encode(message)}</p>{extra}</main>
        </body></html>
        """, "text/html; charset=utf-8", statusCode: status);
}
