using System.Buffers;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Fulfillment.Messaging.Templates;

/// <summary>
/// Finds the line of a Handlebars error. Handlebars.Net reports a position only for some parser
/// errors (as "Occured at: line:column", 0-based, often where reading stopped rather than where the
/// mistake is) and none for compiler or runtime errors. So the template's tags are scanned here:
/// an unterminated tag, a block left open or closed twice, then each tag compiled on its own.
/// </summary>
internal static partial class TemplateErrorLocator
{
    private enum TagKind
    {
        Plain,
        Open,
        Close,
        Else,
        Comment,
    }

    private static readonly SearchValues<char> WordEnd = SearchValues.Create(" \t\r\n)}~");

    private sealed record Tag(int Line, string Text, TagKind Kind, string Name);

    /// <summary>The 1-based line of a compile error, or null when it cannot be told.</summary>
    /// <param name="compiles">Whether a snippet of template text compiles on its own.</param>
    public static int? LocateCompileError(string source, string message, Func<string, bool> compiles)
    {
        var (tags, unterminatedLine) = Scan(source);
        if (unterminatedLine is not null)
        {
            return unterminatedLine;
        }

        if (FindUnbalancedBlock(tags) is { } blockLine)
        {
            return blockLine;
        }

        foreach (var tag in tags)
        {
            var snippet = tag.Kind switch
            {
                TagKind.Plain => tag.Text,
                TagKind.Open => tag.Text + "{{/" + tag.Name + "}}",
                _ => null,
            };
            if (snippet is not null && !compiles(snippet))
            {
                return tag.Line;
            }
        }

        return ReportedLine(message);
    }

    /// <summary>
    /// The line of a rendering error: runtime errors quote the helper or partial they could not
    /// resolve ("Helper 'formatMoney'"), so the first tag using that name is the culprit.
    /// </summary>
    public static int? LocateRuntimeError(string source, string message)
    {
        var (tags, _) = Scan(source);
        foreach (Match quoted in QuotedName().Matches(message))
        {
            var name = quoted.Groups[1].Value.TrimStart('#', '>', '/', ' ');
            if (tags.FirstOrDefault(t => t.Kind is TagKind.Plain or TagKind.Open && t.Name == name) is { } tag)
            {
                return tag.Line;
            }
        }

        return null;
    }

    /// <summary>Handlebars' message without its own (0-based, imprecise) position suffix.</summary>
    public static string CleanMessage(string message)
    {
        var at = message.IndexOf("Occured at:", StringComparison.Ordinal);
        var text = (at >= 0 ? message[..at] : message).Trim();
        return text.Length == 0 ? "invalid template syntax" : text;
    }

    private static int? ReportedLine(string message)
    {
        var match = ReportedPosition().Match(message);
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) + 1 : null;
    }

    private static int? FindUnbalancedBlock(List<Tag> tags)
    {
        var open = new Stack<Tag>();
        foreach (var tag in tags)
        {
            switch (tag.Kind)
            {
                case TagKind.Open:
                    open.Push(tag);
                    break;
                case TagKind.Close:
                    if (open.Count == 0 || open.Peek().Name != tag.Name)
                    {
                        return tag.Line;
                    }

                    open.Pop();
                    break;
            }
        }

        // The innermost block that was never closed.
        return open.Count > 0 ? open.Peek().Line : null;
    }

    private static (List<Tag> Tags, int? UnterminatedLine) Scan(string source)
    {
        var tags = new List<Tag>();
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < source.Length; i++)
        {
            if (source[i] == '\n')
            {
                lineStarts.Add(i + 1);
            }
        }

        int LineOf(int index)
        {
            var found = lineStarts.BinarySearch(index);
            return (found >= 0 ? found : ~found - 1) + 1;
        }

        var position = 0;
        while ((position = source.IndexOf("{{", position, StringComparison.Ordinal)) >= 0)
        {
            if (position > 0 && source[position - 1] == '\\')
            {
                // \{{ is a literal mustache.
                position += 2;
                continue;
            }

            var rest = source.AsSpan(position);
            var (opener, closer, kind) = rest.StartsWith("{{!--") ? ("{{!--", "--}}", TagKind.Comment)
                : rest.StartsWith("{{!") ? ("{{!", "}}", TagKind.Comment)
                : rest.StartsWith("{{{") ? ("{{{", "}}}", TagKind.Plain)
                : ("{{", "}}", TagKind.Plain);
            var end = source.IndexOf(closer, position + opener.Length, StringComparison.Ordinal);

            // A tag that runs into the next tag's "{{" was never closed (comments may contain anything).
            var nextOpen = kind == TagKind.Comment ? -1 : source.IndexOf("{{", position + opener.Length, StringComparison.Ordinal);
            if (end < 0 || (nextOpen >= 0 && nextOpen < end))
            {
                return (tags, LineOf(position));
            }

            var text = source[position..(end + closer.Length)];
            tags.Add(kind == TagKind.Comment ? new Tag(LineOf(position), text, kind, string.Empty) : Classify(LineOf(position), text));
            position = end + closer.Length;
        }

        return (tags, null);
    }

    private static Tag Classify(int line, string text)
    {
        var body = text.Trim('{', '}').Trim('~').Trim();
        if (body.Length == 0)
        {
            return new Tag(line, text, TagKind.Plain, string.Empty);
        }

        var sigil = body[0];
        var name = FirstWord(body.TrimStart('#', '^', '/', '>', '&', '*', ' '));
        var kind = sigil switch
        {
            '#' => TagKind.Open,
            '/' => TagKind.Close,
            '^' => name.Length == 0 ? TagKind.Else : TagKind.Open,
            _ when name == "else" => TagKind.Else,
            _ => TagKind.Plain,
        };
        return new Tag(line, text, kind, name);
    }

    private static string FirstWord(string text)
    {
        var end = text.AsSpan().IndexOfAny(WordEnd);
        return end < 0 ? text : text[..end];
    }

    [GeneratedRegex(@"Occured at: (\d+):(\d+)")]
    private static partial Regex ReportedPosition();

    [GeneratedRegex("'([^']+)'")]
    private static partial Regex QuotedName();
}
