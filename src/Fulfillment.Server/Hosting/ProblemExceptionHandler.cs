using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Fulfillment.Server.Hosting;

/// <summary>
/// Turns exceptions that escape an endpoint into RFC 7807 problem details, using the mappings in
/// <see cref="ProblemMappingOptions"/>. Mapped exceptions are expected outcomes (not found, conflict,
/// bad input), so their message is shown to the client; anything else is a bug and gets a generic
/// 500 whose details only appear in Development.
/// </summary>
internal sealed class ProblemExceptionHandler(
    IProblemDetailsService problemDetailsService,
    IOptions<ProblemMappingOptions> mappings,
    IHostEnvironment environment,
    ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    internal const string UnexpectedErrorTitle = "An unexpected error occurred.";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(exception);

        var problem = CreateProblem(exception);
        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;

        await ProblemResponses.WriteAsync(problemDetailsService, httpContext, problem, exception);
        return true;
    }

    internal ProblemDetails CreateProblem(Exception exception)
    {
        if (mappings.Value.TryGetMapping(exception, out var mapping))
        {
            var status = mapping.StatusCode(exception);
            logger.LogDebug(exception, "Mapped {ExceptionType} to HTTP {StatusCode}", exception.GetType().Name, status);
            var problem = new ProblemDetails { Status = status, Title = mapping.Title, Detail = exception.Message };
            mapping.Configure?.Invoke(problem, exception);
            return problem;
        }

        // ASP.NET Core's exception handler middleware stays silent once a handler returns true,
        // so unexpected failures must be logged here.
        logger.LogError(exception, "Unhandled exception");
        var unexpected = new ProblemDetails
        {
            Status = StatusCodes.Status500InternalServerError,
            Title = UnexpectedErrorTitle,
        };
        if (environment.IsDevelopment())
        {
            unexpected.Detail = exception.Message;
            unexpected.Extensions["exception"] = exception.ToString();
        }

        return unexpected;
    }
}
