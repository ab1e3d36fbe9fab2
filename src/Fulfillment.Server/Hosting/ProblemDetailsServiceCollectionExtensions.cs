using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;

namespace Fulfillment.Server.Hosting;

public static class ProblemDetailsServiceCollectionExtensions
{
    /// <summary>
    /// JSON conventions (camelCase, enums as strings), RFC 7807 problem details for every error,
    /// request validation, and the exception → problem mapping with the framework's own bad-request
    /// exception pre-mapped.
    /// </summary>
    public static IServiceCollection AddFulfillmentProblemDetails(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter());

            // A name written twice is ambiguous input, and inside free-form JSON (an input, a payload,
            // form data) it would reach the engine as a node that throws when read: refuse it with its path.
            options.SerializerOptions.AllowDuplicateProperties = false;
        });

        services.AddProblemDetails(options => options.CustomizeProblemDetails = ValidationErrorNames.ToCamelCase);
        services.AddValidation();
        services.AddExceptionHandler<ProblemExceptionHandler>();

        // By default minimal APIs only throw on unreadable requests in Development and otherwise send
        // an empty 400. Throwing everywhere routes them through ProblemExceptionHandler, so clients
        // always get a problem body that names the offending JSON path.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.MapExceptionToProblem<BadHttpRequestException>(e => e.StatusCode, configure: AddJsonPath);
        return services;
    }

    /// <summary>
    /// Registers how an exception type is reported; see <see cref="ProblemMappingOptions.Map{TException}(int, string?, Action{ProblemDetails, TException}?)"/>.
    /// </summary>
    public static IServiceCollection MapExceptionToProblem<TException>(
        this IServiceCollection services, int statusCode, string? title = null, Action<ProblemDetails, TException>? configure = null)
        where TException : Exception
        => services.Configure<ProblemMappingOptions>(options => options.Map(statusCode, title, configure));

    /// <summary>Registers an exception type whose status code is read from the exception.</summary>
    public static IServiceCollection MapExceptionToProblem<TException>(
        this IServiceCollection services, Func<TException, int> statusCode, string? title = null, Action<ProblemDetails, TException>? configure = null)
        where TException : Exception
        => services.Configure<ProblemMappingOptions>(options => options.Map(statusCode, title, configure));

    private static void AddJsonPath(ProblemDetails problem, BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException { Path: { } path })
        {
            problem.Extensions["path"] = path;
        }
    }
}
