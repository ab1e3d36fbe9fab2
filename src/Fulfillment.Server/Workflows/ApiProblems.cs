namespace Fulfillment.Server.Workflows;

/// <summary>Problem-details results for request errors that name the offending field.</summary>
internal static class ApiProblems
{
    public static IResult BadRequest(string path, string message) => Results.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: "The request is invalid.",
        detail: $"{path}: {message}",
        extensions: new Dictionary<string, object?>
        {
            ["path"] = path,
            ["errors"] = new[] { new { path, message } },
        });

    /// <summary>Who is acting, for the journal: the signed-in user's name (their e-mail for our users).</summary>
    public static string Actor(this HttpContext context) => context.User.Identity?.Name ?? "anonymous";

    /// <summary>Free-form JSON from a request body as a node for the engine (null when absent or JSON null).</summary>
    public static System.Text.Json.Nodes.JsonNode? ToNode(this System.Text.Json.JsonElement? element) =>
        element is { ValueKind: not System.Text.Json.JsonValueKind.Null } value ? System.Text.Json.Nodes.JsonNode.Parse(value.GetRawText()) : null;

    public static async Task<string> ReadBodyAsync(this HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        return await reader.ReadToEndAsync(cancellationToken);
    }
}
