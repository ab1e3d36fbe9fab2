using Microsoft.AspNetCore.Mvc;

namespace Fulfillment.Server.Hosting;

/// <summary>
/// Which exceptions become which HTTP problem. Add one line per exception type, e.g.
/// <code>services.MapExceptionToProblem&lt;InstanceNotFoundException&gt;(StatusCodes.Status404NotFound);</code>
/// A mapping applies to the type and everything derived from it; the closest base type wins.
/// Unmapped exceptions become a 500 with a generic title (see <see cref="ProblemExceptionHandler"/>).
/// </summary>
public sealed class ProblemMappingOptions
{
    private readonly Dictionary<Type, ProblemMapping> _mappings = [];

    /// <summary>Maps <typeparamref name="TException"/> to a fixed status code.</summary>
    /// <param name="statusCode">The HTTP status of the problem.</param>
    /// <param name="title">A short, client-facing summary; defaults to the status code's reason phrase.</param>
    /// <param name="configure">Optional hook to add details, e.g. an <c>errors</c> extension.</param>
    public ProblemMappingOptions Map<TException>(int statusCode, string? title = null, Action<ProblemDetails, TException>? configure = null)
        where TException : Exception
        => Map(_ => statusCode, title, configure);

    /// <summary>Maps <typeparamref name="TException"/> to a status code taken from the exception itself.</summary>
    public ProblemMappingOptions Map<TException>(Func<TException, int> statusCode, string? title = null, Action<ProblemDetails, TException>? configure = null)
        where TException : Exception
    {
        ArgumentNullException.ThrowIfNull(statusCode);
        _mappings[typeof(TException)] = new ProblemMapping(
            exception => statusCode((TException)exception),
            title,
            configure is null ? null : (problem, exception) => configure(problem, (TException)exception));
        return this;
    }

    /// <summary>Finds the mapping of the exception's own type or its closest mapped base type.</summary>
    public bool TryGetMapping(Exception exception, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ProblemMapping? mapping)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (var type = exception.GetType(); type is not null; type = type.BaseType)
        {
            if (_mappings.TryGetValue(type, out mapping))
            {
                return true;
            }
        }

        mapping = null;
        return false;
    }
}

/// <summary>How one exception type is turned into problem details.</summary>
public sealed record ProblemMapping(
    Func<Exception, int> StatusCode,
    string? Title,
    Action<ProblemDetails, Exception>? Configure);
