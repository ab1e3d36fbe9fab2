using System.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Fulfillment.Server.Hosting;

/// <summary>
/// The last problem-details writer: it takes every problem the framework's JSON writer declines because
/// the request's Accept header rules JSON out (<c>Accept: image/png</c>). Every error of this API is
/// promised to be RFC 7807, so the answer is still problem JSON; without this writer request validation
/// would fall back to a bare <c>application/json</c> body without status or type.
/// </summary>
internal sealed class AnyAcceptProblemDetailsWriter(IOptions<ProblemDetailsOptions> problemOptions, IOptions<JsonOptions> jsonOptions) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var httpContext = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= httpContext.Response.StatusCode;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value);
        problem.Extensions.TryAdd("traceId", Activity.Current?.Id ?? httpContext.TraceIdentifier);
        problemOptions.Value.CustomizeProblemDetails?.Invoke(context);

        // Written directly: ProblemHttpResult would ask the problem-details service again, and so this writer.
        return new ValueTask(httpContext.Response.WriteAsJsonAsync(
            problem, problem.GetType(), jsonOptions.Value.SerializerOptions, "application/problem+json", httpContext.RequestAborted));
    }
}
