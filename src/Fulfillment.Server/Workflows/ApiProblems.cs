using Fulfillment.Server.Hosting;

namespace Fulfillment.Server.Workflows;

/// <summary>Problem-details results for request errors that name the offending field.</summary>
internal static class ApiProblems
{
    public static IResult BadRequest(string path, string message) => Results.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: InvalidRequestException.Title,
        detail: $"{path}: {message}",
        extensions: new Dictionary<string, object?>
        {
            ["path"] = path,
            ["errors"] = new[] { new { path, message } },
        });

    /// <summary>Who is acting, for the journal: the signed-in user's name (their e-mail for our users).</summary>
    public static string Actor(this HttpContext context) => context.User.Identity?.Name ?? "anonymous";

    /// <summary>Free-form JSON from a request body as a node for the engine (null when absent or JSON null).</summary>
    /// <param name="element">The value as the request body binding read it.</param>
    /// <param name="path">Its field, named by the 400 when the value cannot be used.</param>
    /// <exception cref="InvalidRequestException">The value holds text that is not UTF-8: the JSON reader leaves
    /// free-form values unread, so this is where that shows.</exception>
    public static System.Text.Json.Nodes.JsonNode? ToNode(this System.Text.Json.JsonElement? element, string path = "$")
    {
        if (element is not { ValueKind: not System.Text.Json.JsonValueKind.Null } value)
        {
            return null;
        }

        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(value.GetRawText());
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidRequestException(path, $"The value cannot be read: {ex.Message}");
        }
    }

    public static async Task<string> ReadBodyAsync(this HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        return await reader.ReadToEndAsync(cancellationToken);
    }
}
