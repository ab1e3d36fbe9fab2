using System.Text.Json;

namespace Fulfillment.Server.Hosting;

/// <summary>
/// Request validation reports errors under C# member names ("Password", "Lines[0].Sku"). The API's
/// JSON is camelCase, so clients would have to translate to find the field they sent; this renames the
/// keys to the JSON path segments they wrote ("password", "lines[0].sku").
/// </summary>
internal static class ValidationErrorNames
{
    public static void ToCamelCase(ProblemDetailsContext context)
    {
        if (context.ProblemDetails is not HttpValidationProblemDetails { Errors.Count: > 0 } validation)
        {
            return;
        }

        var renamed = validation.Errors.ToDictionary(pair => ToJsonPath(pair.Key), pair => pair.Value, StringComparer.Ordinal);
        validation.Errors.Clear();
        foreach (var (key, messages) in renamed)
        {
            validation.Errors[key] = messages;
        }
    }

    internal static string ToJsonPath(string memberPath)
        => string.Join('.', memberPath.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName));
}
