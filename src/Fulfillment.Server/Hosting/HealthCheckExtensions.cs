using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Fulfillment.Server.Hosting;

public static class HealthCheckExtensions
{
    /// <summary>Registers the health checks; add further checks on the returned builder.</summary>
    public static IHealthChecksBuilder AddFulfillmentHealthChecks(this IServiceCollection services)
        => services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");

    /// <summary>
    /// <c>GET /health</c>, anonymous: 200 when every check is healthy (or degraded), 503 otherwise,
    /// with a small JSON body naming each check's status for operators.
    /// </summary>
    public static WebApplication MapFulfillmentHealthChecks(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteJsonAsync }).AllowAnonymous();
        return app;
    }

    private static Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new { status = entry.Value.Status.ToString(), description = entry.Value.Description }),
        };
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, body, cancellationToken: context.RequestAborted);
    }
}
