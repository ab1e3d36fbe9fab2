namespace Fulfillment.Messaging.Templates;

/// <summary>
/// An email template that cannot be used: not found, a part missing, a syntax error, or an error
/// while rendering (e.g. an unknown helper). The message names the template file and, when it can
/// be told, the line.
/// </summary>
public sealed class TemplateException : Exception
{
    public TemplateException(string templateName, string? filePath, int? line, string reason, Exception? innerException = null)
        : base(Describe(templateName, filePath, line, reason), innerException)
    {
        TemplateName = templateName;
        FilePath = filePath;
        Line = line;
        Reason = reason;
    }

    /// <summary>The template's name (e.g. <c>reminder</c>).</summary>
    public string TemplateName { get; }

    /// <summary>The file at fault, when there is one.</summary>
    public string? FilePath { get; }

    /// <summary>1-based line in <see cref="FilePath"/>, when known.</summary>
    public int? Line { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Reason { get; }

    private static string Describe(string templateName, string? filePath, int? line, string reason)
    {
        if (filePath is null)
        {
            return $"Email template '{templateName}': {reason}";
        }

        var where = line is { } l ? $"{Path.GetFileName(filePath)}, line {l}" : Path.GetFileName(filePath);
        return $"Email template '{templateName}' ({where}): {reason} [{filePath}]";
    }
}
