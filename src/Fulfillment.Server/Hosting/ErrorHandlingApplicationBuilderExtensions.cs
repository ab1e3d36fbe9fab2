using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Fulfillment.Server.Hosting;

public static class ErrorHandlingApplicationBuilderExtensions
{
    /// <summary>
    /// Outermost middleware: exceptions become problem details (via <see cref="ProblemExceptionHandler"/>),
    /// and so do bodiless error responses such as the 401/403 of authentication and the 404 of routing,
    /// and a body in a charset that cannot be read (415).
    /// Must come before authentication so its challenges get a problem body too.
    /// </summary>
    public static WebApplication UseFulfillmentErrorHandling(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();

        // The default status-code page falls back to plain text when the Accept header rules JSON out.
        app.UseStatusCodePages(context => ProblemResponses.WriteAsync(
            context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>(),
            context.HttpContext,
            new ProblemDetails { Status = context.HttpContext.Response.StatusCode }));

        // Minimal APIs throw a plain InvalidOperationException (a 500) for a body whose charset .NET does
        // not know; it is the client's mistake, so it gets a 415 before any endpoint reads the body.
        app.Use(async (context, next) =>
        {
            if (MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type) && type.Charset.HasValue && type.Encoding is null)
            {
                context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
                await ProblemResponses.WriteAsync(
                    context.RequestServices.GetRequiredService<IProblemDetailsService>(),
                    context,
                    new ProblemDetails { Status = StatusCodes.Status415UnsupportedMediaType, Detail = $"The charset '{type.Charset}' is not supported; send the body in UTF-8." });
                return;
            }

            await next(context);
        });
        return app;
    }
}
