using Microsoft.AspNetCore.Mvc;

namespace Fulfillment.Server.Hosting;

/// <summary>Writes a problem response, the one way every error of this server leaves it.</summary>
internal static class ProblemResponses
{
    /// <summary>
    /// Writes <paramref name="problem"/> through the problem-details service (which adds the trace id
    /// and the configured customisations). When the request's Accept header rules JSON out, no writer
    /// accepts it; the answer is still problem JSON, because every error of this API is promised to be RFC 7807.
    /// </summary>
    public static async Task WriteAsync(IProblemDetailsService service, HttpContext httpContext, ProblemDetails problem, Exception? exception = null)
    {
        var written = await service.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
        if (!written)
        {
            await TypedResults.Problem(problem).ExecuteAsync(httpContext);
        }
    }
}
