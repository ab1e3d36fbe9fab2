using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using HandlebarsDotNet;
using Microsoft.Extensions.Options;

namespace Fulfillment.Messaging.Templates;

/// <summary>An email rendered from a template: the subject line, and the HTML and plain-text bodies.</summary>
public sealed record RenderedEmail(string Subject, string Html, string Text);

/// <summary>
/// Renders email templates written in Handlebars. A template named <c>N</c> is three files:
/// <c>N.subject.hbs</c>, <c>N.html.hbs</c> and <c>N.txt.hbs</c>, looked up file by file first in
/// <see cref="EmailOptions.TemplatesDirectory"/> and then in <c>templates/email</c> next to the
/// binaries. Only the HTML part is HTML-escaped. Each file is compiled once and recompiled when
/// its last-write time changes. Thread-safe.
/// </summary>
public sealed partial class EmailTemplateRenderer
{
    private const string SubjectPart = "subject";
    private const string HtmlPart = "html";
    private const string TextPart = "txt";
    private static readonly string[] Parts = [SubjectPart, HtmlPart, TextPart];

    private readonly IOptionsMonitor<EmailOptions> _options;
    private readonly string _builtInDirectory;
    private readonly IHandlebars _escaping = CreateEnvironment(escape: true);
    private readonly IHandlebars _verbatim = CreateEnvironment(escape: false);
    private readonly ConcurrentDictionary<string, CompiledFile> _cache = new(StringComparer.Ordinal);
    private int _compilations;

    public EmailTemplateRenderer(IOptionsMonitor<EmailOptions> options)
        : this(options, DefaultTemplatesDirectory)
    {
    }

    internal EmailTemplateRenderer(IOptionsMonitor<EmailOptions> options, string builtInDirectory)
    {
        _options = options;
        _builtInDirectory = builtInDirectory;
    }

    /// <summary>The built-in templates: <c>templates/email</c> next to the binaries.</summary>
    public static string DefaultTemplatesDirectory => Path.Combine(AppContext.BaseDirectory, "templates", "email");

    /// <summary>How many template files were compiled so far (each file once until it changes).</summary>
    internal int Compilations => Volatile.Read(ref _compilations);

    /// <param name="templateName">The template's name, e.g. <c>reminder</c>.</param>
    /// <param name="model">The data: a <see cref="System.Text.Json.Nodes.JsonNode"/> or any object.</param>
    /// <exception cref="TemplateException">The template is missing, incomplete, invalid, or fails to render.</exception>
    public RenderedEmail Render(string templateName, object? model)
    {
        ArgumentNullException.ThrowIfNull(templateName);
        if (!ValidName().IsMatch(templateName))
        {
            throw new TemplateException(templateName, null, null,
                "not a valid template name (letters, digits, '-', '_' and '.', starting with a letter or digit).");
        }

        var files = Parts.ToDictionary(part => part, part => Find($"{templateName}.{part}.hbs"));
        if (files.Values.All(f => f is null))
        {
            throw new TemplateException(templateName, null, null,
                $"not found: there is no {templateName}.subject.hbs, {templateName}.html.hbs or {templateName}.txt.hbs in {string.Join(" or ", SearchDirectories())}.");
        }

        if (files.FirstOrDefault(f => f.Value is null).Key is { } missing)
        {
            throw new TemplateException(templateName, null, null,
                $"the part {templateName}.{missing}.hbs is missing from {string.Join(" and ", SearchDirectories())}; a template needs a .subject.hbs, an .html.hbs and a .txt.hbs file.");
        }

        var data = TemplateModel.From(model);
        var subject = RenderFile(templateName, SubjectPart, files[SubjectPart]!, data);
        return new RenderedEmail(
            Whitespace().Replace(subject, " ").Trim(),
            RenderFile(templateName, HtmlPart, files[HtmlPart]!, data),
            RenderFile(templateName, TextPart, files[TextPart]!, data));
    }

    private string RenderFile(string templateName, string part, string path, object? data)
    {
        var compiled = GetCompiled(templateName, part, path);
        try
        {
            return compiled.Template(data);
        }
        catch (HandlebarsException ex)
        {
            throw new TemplateException(templateName, path, TemplateErrorLocator.LocateRuntimeError(compiled.Source, ex.Message),
                TemplateErrorLocator.CleanMessage(ex.Message), ex);
        }
    }

    private CompiledFile GetCompiled(string templateName, string part, string path)
    {
        var file = new FileInfo(path);
        if (_cache.TryGetValue(path, out var cached) && cached.LastWriteUtc == file.LastWriteTimeUtc && cached.Length == file.Length)
        {
            return cached;
        }

        string source;
        try
        {
            source = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TemplateException(templateName, path, null, $"cannot be read: {ex.Message}", ex);
        }

        var environment = part == HtmlPart ? _escaping : _verbatim;
        HandlebarsTemplate<object, object> template;
        try
        {
            template = environment.Compile(source);
        }
        catch (HandlebarsException ex)
        {
            var line = ex is HandlebarsRuntimeException
                ? TemplateErrorLocator.LocateRuntimeError(source, ex.Message)
                : TemplateErrorLocator.LocateCompileError(source, ex.Message, snippet => Compiles(environment, snippet));
            throw new TemplateException(templateName, path, line, TemplateErrorLocator.CleanMessage(ex.Message), ex);
        }

        Interlocked.Increment(ref _compilations);
        var compiled = new CompiledFile(file.LastWriteTimeUtc, file.Length, source, template);
        _cache[path] = compiled;
        return compiled;
    }

    private string? Find(string fileName) =>
        SearchDirectories().Select(d => Path.Combine(d, fileName)).FirstOrDefault(File.Exists);

    private IEnumerable<string> SearchDirectories()
    {
        if (_options.CurrentValue.TemplatesDirectory is { Length: > 0 } overrides)
        {
            yield return Path.GetFullPath(overrides);
        }

        yield return _builtInDirectory;
    }

    private static bool Compiles(IHandlebars environment, string snippet)
    {
        try
        {
            environment.Compile(snippet);
            return true;
        }
        catch (HandlebarsException)
        {
            return false;
        }
    }

    private static IHandlebars CreateEnvironment(bool escape) => Handlebars.Create(new HandlebarsConfiguration
    {
        // Subjects and plain-text bodies are not HTML: "O'Brien & Sons" must stay as it is there.
        NoEscape = !escape,
        FormatProvider = CultureInfo.InvariantCulture,
    });

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    private static partial Regex ValidName();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    private sealed record CompiledFile(DateTime LastWriteUtc, long Length, string Source, HandlebarsTemplate<object, object> Template);
}
