namespace Fulfillment.Workflows.Expressions;

/// <summary>An expression failed to parse or to evaluate (including breaking a sandbox limit).</summary>
public sealed class ExpressionException : Exception
{
    public ExpressionException(string expression, string message, Exception? inner = null)
        : base($"Expression `{Truncate(expression)}` failed: {message}", inner)
    {
        Expression = expression;
    }

    public string Expression { get; }

    private static string Truncate(string expression) =>
        expression.Length <= 120 ? expression : expression[..117] + "...";
}
