using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fulfillment.Server.Hosting;

public static partial class ProblemDetailsServiceCollectionExtensions
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
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProblemDetailsWriter, AnyAcceptProblemDetailsWriter>());
        services.AddValidation();
        services.AddExceptionHandler<ProblemExceptionHandler>();

        // By default minimal APIs only throw on unreadable requests in Development and otherwise send
        // an empty 400. Throwing everywhere routes them through ProblemExceptionHandler, so clients
        // always get a problem body that names the offending JSON path.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.MapExceptionToProblem<BadHttpRequestException>(e => e.StatusCode, configure: AddPath);
        services.MapExceptionToProblem<InvalidRequestException>(StatusCodes.Status400BadRequest, InvalidRequestException.Title, (problem, exception) =>
        {
            problem.Detail = $"{exception.Path}: {exception.Message}";
            problem.Extensions["path"] = exception.Path;
            problem.Extensions["errors"] = new[] { new { path = exception.Path, message = exception.Message } };
        });
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

    private static void AddPath(ProblemDetails problem, BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException { Path: { } path })
        {
            problem.Extensions["path"] = path;
        }
        else if (FailedParameter().Match(exception.Message) is { Success: true } parameter)
        {
            // A body that is missing altogether is the whole document, "$"; anything else is the query,
            // route or header value named after the handler's parameter ("take", "version").
            problem.Extensions["path"] = exception.Message.Contains("body", StringComparison.Ordinal) ? "$" : parameter.Groups["name"].Value;
        }
    }

    /// <summary>
    /// The parameter a binding failure is about. ASP.NET Core names it only in the message:
    /// <c>Failed to bind parameter "Nullable&lt;int&gt; take" from "abc".</c>,
    /// <c>Implicit body inferred for parameter "request" but no body was provided.</c>
    /// </summary>
    [GeneratedRegex(@"parameter ""(?:[^""]* )?(?<name>[^"" ]+)""", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex FailedParameter();
}
