using Microsoft.AspNetCore.Mvc;

namespace Fulfillment.Server.Hosting;

public static class ErrorHandlingApplicationBuilderExtensions
{
    /// <summary>
    /// Outermost middleware: exceptions become problem details (via <see cref="ProblemExceptionHandler"/>),
    /// and so do bodiless error responses such as the 401/403 of authentication and the 404 of routing.
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
        return app;
    }
}
