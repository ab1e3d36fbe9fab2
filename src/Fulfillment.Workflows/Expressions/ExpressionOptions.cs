namespace Fulfillment.Workflows.Expressions;

/// <summary>Sandbox limits for JavaScript expressions; an expression that breaks one faults its instance.</summary>
public sealed class ExpressionOptions
{
    /// <summary>Wall-clock limit per evaluation.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Memory an evaluation may allocate.</summary>
    public long MemoryLimitBytes { get; set; } = 16 * 1024 * 1024;

    public int MaxRecursionDepth { get; set; } = 64;

    public int MaxStatements { get; set; } = 100_000;
}
