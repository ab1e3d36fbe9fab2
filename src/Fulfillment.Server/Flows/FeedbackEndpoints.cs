using System.Globalization;
using System.Text.Encodings.Web;
using Fulfillment.Operations;
using Fulfillment.Operations.Customers;

namespace Fulfillment.Server.Flows;

/// <summary>
/// <c>/feedback/{token}</c>: the CSAT page the feedback e-mail links to. Anonymous (the signed token
/// names the order). GET shows the question, with a score chosen when the link carried one; the
/// answer is stored only by the POST, so a mail scanner that opens every link does not vote.
/// </summary>
public static class FeedbackEndpoints
{
    public static IEndpointRouteBuilder MapFeedbackEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/feedback/{token}", async (string token, int? score, IFeedbackTokens tokens, FeedbackService feedback, CancellationToken ct) =>
            {
                if (!tokens.TryRead(token, out var orderId) || await feedback.FindAsync(orderId, ct) is not ({ } order, var answer))
                {
                    return BrokenLink();
                }

                var chosen = score is >= FeedbackService.MinScore and <= FeedbackService.MaxScore ? score : answer?.Score;
                return Page(StatusCodes.Status200OK, $"How was order {order.OrderNumber}?",
                    answer is null ? "Choose a score and send it; a comment helps us even more." : "You told us already; you can change your answer.",
                    Form(token, chosen, answer?.Comment));
            })
            .AllowAnonymous()
            .ExcludeFromDescription();

        endpoints.MapPost("/feedback/{token}", async (string token, HttpContext http, IFeedbackTokens tokens, FeedbackService feedback, CancellationToken ct) =>
            {
                if (!tokens.TryRead(token, out var orderId))
                {
                    return BrokenLink();
                }

                var form = await http.Request.ReadFormAsync(ct);
                var comment = form["comment"].ToString();
                if (!int.TryParse(form["score"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var score))
                {
                    return Page(StatusCodes.Status400BadRequest, "Please choose a score", "Pick one of the five answers.", Form(token, null, comment));
                }

                try
                {
                    var answer = await feedback.RecordAsync(orderId, score, comment, ct);
                    return Page(StatusCodes.Status200OK, "Thank you!", $"We have your answer: {answer.Score} of 5, {FeedbackLinks.Labels[answer.Score - 1].ToLowerInvariant()}.");
                }
                catch (OperationsValidationException ex)
                {
                    return Page(StatusCodes.Status400BadRequest, "Please check your answer", ex.Message, Form(token, score, comment));
                }
                catch (OrderNotFoundException)
                {
                    return BrokenLink();
                }
            })
            .AllowAnonymous()
            .DisableAntiforgery()
            .ExcludeFromDescription();
        return endpoints;
    }

    private static IResult BrokenLink() =>
        Page(StatusCodes.Status400BadRequest, "This link does not work", "It has expired or was changed. Reply to our e-mail to tell us how it went.");

    private static string Form(string token, int? chosen, string? comment)
    {
        var options = string.Concat(FeedbackLinks.Labels.Select((label, i) =>
        {
            var score = i + 1;
            var check = score == chosen ? " checked" : string.Empty;
            return $"""<label style="display:block;margin:6px 0"><input type="radio" name="score" value="{score}"{check} required> {score} · {HtmlEncoder.Default.Encode(label)}</label>""";
        }));
        return $"""
            <form method="post" action="/feedback/{HtmlEncoder.Default.Encode(Uri.EscapeDataString(token))}">
              <fieldset style="border:0;padding:0;margin:0 0 16px"><legend>How satisfied are you with the products and the delivery?</legend>{options}</fieldset>
              <label for="comment">Comment (optional)</label>
              <textarea id="comment" name="comment" rows="4" maxlength="2000" style="display:block;width:100%;margin:8px 0 16px">{HtmlEncoder.Default.Encode(comment ?? string.Empty)}</textarea>
              <button type="submit">Send</button>
            </form>
            """;
    }

    private static IResult Page(int status, string title, string message, string? extra = null) => Results.Content($"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{HtmlEncoder.Default.Encode(title)}</title></head>
        <body style="font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5">
        <main><h1>{HtmlEncoder.Default.Encode(title)}</h1><p>{HtmlEncoder.Default.Encode(message)}</p>{extra}</main>
        </body></html>
        """, "text/html; charset=utf-8", statusCode: status);
}
