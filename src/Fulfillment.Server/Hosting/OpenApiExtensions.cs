using Scalar.AspNetCore;

namespace Fulfillment.Server.Hosting;

public static class OpenApiExtensions
{
    public static IServiceCollection AddFulfillmentOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer<BearerSecuritySchemeTransformer>();
            options.AddOperationTransformer<BearerSecuritySchemeTransformer>();
        });
        return services;
    }

    /// <summary>
    /// Serves <c>/openapi/v1.json</c> and the Scalar UI at <c>/scalar</c>, in every environment:
    /// both are part of the public API contract, not development conveniences.
    /// </summary>
    public static WebApplication MapFulfillmentOpenApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapOpenApi();
        app.MapScalarApiReference(options => options
            .WithTitle("Fulfillment API")
            .AddPreferredSecuritySchemes([BearerSecuritySchemeTransformer.SchemeId]));
        return app;
    }
}
