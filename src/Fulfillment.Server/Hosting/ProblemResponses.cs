using Microsoft.AspNetCore.Mvc;

namespace Fulfillment.Server.Hosting;

/// <summary>Writes a problem response, the one way every error of this server leaves it.</summary>
internal static class ProblemResponses
{
    /// <summary>
    /// Writes <paramref name="problem"/> through the problem-details service (which adds the trace id
    /// and the configured customisations); <see cref="AnyAcceptProblemDetailsWriter"/> makes sure some
    /// writer takes it whatever the request's Accept header says.
    /// </summary>
    public static Task WriteAsync(IProblemDetailsService service, HttpContext httpContext, ProblemDetails problem, Exception? exception = null) =>
        service.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        }).AsTask();
}
