namespace Fulfillment.Workflows.Definitions;

/// <summary>A problem in a definition, located by JSON path (e.g. <c>$.activities[2].inputs.key</c>).</summary>
public sealed record ValidationError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>A definition was rejected; <see cref="Errors"/> says where and why.</summary>
public sealed class WorkflowValidationException(string? source, IReadOnlyList<ValidationError> errors)
    : Exception(FormatMessage(source, errors))
{
    /// <summary>The file the definition came from, if any.</summary>
    public string? SourceFile { get; } = source;

    public IReadOnlyList<ValidationError> Errors { get; } = errors;

    private static string FormatMessage(string? source, IReadOnlyList<ValidationError> errors) =>
        $"{(source is null ? "Workflow definition" : source)} is invalid: " + string.Join("; ", errors.Take(10));
}
