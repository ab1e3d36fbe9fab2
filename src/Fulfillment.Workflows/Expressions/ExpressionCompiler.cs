using System.Collections.Concurrent;
using Acornima;
using Acornima.Ast;
using Jint;

namespace Fulfillment.Workflows.Expressions;

/// <summary>
/// Parses JavaScript once and caches the prepared script by its text, so each distinct
/// expression of a definition version is parsed exactly once per process, not per run.
/// </summary>
public sealed class ExpressionCompiler
{
    private readonly ConcurrentDictionary<string, Prepared<Script>> _cache = new(StringComparer.Ordinal);

    /// <exception cref="ExpressionException">The expression does not parse.</exception>
    public Prepared<Script> Compile(string expression)
    {
        if (_cache.TryGetValue(expression, out var prepared))
        {
            return prepared;
        }

        try
        {
            prepared = Engine.PrepareScript(expression, strict: true);
        }
        catch (ScriptPreparationException ex)
        {
            // Jint wraps the parser's error, whose description is the useful part ("Unexpected token ..."),
            // or refuses the script itself ("Script nesting exceeds maximum depth of 256 levels.", or the
            // parser running out of stack on deeper nesting still).
            var reason = ex.InnerException switch
            {
                ParseErrorException parse => parse.Description,
                InsufficientExecutionStackException => "it is nested too deeply",
                { } inner => inner.Message,
                null => ex.Message,
            };
            throw new ExpressionException(expression, reason, ex);
        }
        catch (ParseErrorException ex)
        {
            throw new ExpressionException(expression, ex.Description, ex);
        }

        return _cache.GetOrAdd(expression, prepared);
    }

    /// <summary>Returns a parse error message, or null when the expression is valid.</summary>
    public string? Check(string expression)
    {
        try
        {
            Compile(expression);
            return null;
        }
        catch (ExpressionException ex)
        {
            return ex.Message;
        }
    }
}
