using System.Globalization;
using System.Text.Json.Nodes;
using Fulfillment.Messaging.Templates;
using Fulfillment.Messaging.Tests.Infrastructure;

namespace Fulfillment.Messaging.Tests;

public sealed class TemplateRenderingTests : IDisposable
{
    private readonly TempDirectory _builtIn = new();
    private readonly TempDirectory _overrides = new();
    private readonly TestOptionsMonitor<EmailOptions> _options = new(new EmailOptions());

    public void Dispose()
    {
        _builtIn.Dispose();
        _overrides.Dispose();
    }

    /// <summary>A renderer over a temp folder standing in for the built-in templates.</summary>
    private EmailTemplateRenderer CreateRenderer() => new(_options, _builtIn.Path);

    private static void WriteTemplate(TempDirectory directory, string name, string subject, string html, string text)
    {
        directory.Write($"{name}.subject.hbs", subject);
        directory.Write($"{name}.html.hbs", html);
        directory.Write($"{name}.txt.hbs", text);
    }

    [Fact]
    public void The_shipped_reminder_template_renders_subject_html_and_text_from_a_json_model()
    {
        // The real templates from templates/email at the repository root, copied next to the binaries.
        var renderer = new EmailTemplateRenderer(_options);
        File.Exists(Path.Combine(EmailTemplateRenderer.DefaultTemplatesDirectory, "reminder.html.hbs")).ShouldBeTrue();

        var email = renderer.Render("reminder", JsonNode.Parse("""
            { "title": "Approve order A-1001", "name": "Ann", "dueAt": "2026-03-04", "actionUrl": "https://studio.example/tasks/7" }
            """));

        email.Subject.ShouldBe("Reminder: Approve order A-1001");
        email.Html.ShouldStartWith("<!DOCTYPE html>");
        email.Html.ShouldContain("Approve order A-1001");
        email.Html.ShouldContain("Hello Ann,");
        email.Html.ShouldContain("href=\"https://studio.example/tasks/7\"");
        email.Text.ShouldContain("REMINDER: Approve order A-1001");
        email.Text.ShouldContain("Hello Ann,");
        email.Text.ShouldContain("Due: 2026-03-04");
        email.Text.ShouldContain("Open: https://studio.example/tasks/7");
        email.Text.ShouldNotContain("<");
    }

    [Fact]
    public void The_shipped_generic_template_takes_subject_and_body_from_the_model()
    {
        var renderer = new EmailTemplateRenderer(_options);

        var email = renderer.Render("generic", new JsonObject { ["subject"] = "Your parcel is on its way", ["body"] = "Line one\nLine two" });

        email.Subject.ShouldBe("Your parcel is on its way");
        email.Html.ShouldContain("Line one\nLine two");
        email.Text.ShouldContain("Line one\nLine two");
    }

    [Fact]
    public void Nested_objects_lists_and_numbers_render_as_in_handlebars_js_whatever_the_culture()
    {
        WriteTemplate(_builtIn, "order",
            "Order {{order.number}} ({{order.lines.length}} lines)",
            "<ul>{{#each order.lines}}<li>{{@index}}. {{sku}} x{{quantity}} at {{price}}</li>{{/each}}</ul>{{#if order.paid}}paid{{else}}unpaid{{/if}}",
            "{{#each order.lines}}{{sku}};{{/each}}");
        var model = JsonNode.Parse("""
            { "order": { "number": "A-7", "paid": false,
              "lines": [ { "sku": "MUG", "quantity": 2, "price": 9.5 }, { "sku": "TEE", "quantity": 1, "price": 19.90 } ] } }
            """);

        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var email = CreateRenderer().Render("order", model);

            email.Subject.ShouldBe("Order A-7 (2 lines)");
            email.Html.ShouldBe("<ul><li>0. MUG x2 at 9.5</li><li>1. TEE x1 at 19.90</li></ul>unpaid");
            email.Text.ShouldBe("MUG;TEE;");
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Only_the_html_part_is_html_escaped()
    {
        WriteTemplate(_builtIn, "note", "Note for {{name}}\n", "<p>{{name}}</p><p>{{{trusted}}}</p>", "Dear {{name}}");
        var model = new JsonObject { ["name"] = "O'Brien & <Sons> \"Ltd\"", ["trusted"] = "<b>bold</b>" };

        var email = CreateRenderer().Render("note", model);

        email.Html.ShouldBe("<p>O&#x27;Brien &amp; &lt;Sons&gt; &quot;Ltd&quot;</p><p><b>bold</b></p>");
        email.Subject.ShouldBe("Note for O'Brien & <Sons> \"Ltd\"");
        email.Text.ShouldBe("Dear O'Brien & <Sons> \"Ltd\"");
    }

    [Fact]
    public void A_subject_spread_over_lines_becomes_one_line()
    {
        WriteTemplate(_builtIn, "multi", "  Order\n  {{n}}\r\n shipped \n", "h", "t");

        CreateRenderer().Render("multi", new JsonObject { ["n"] = 5 }).Subject.ShouldBe("Order 5 shipped");
    }

    [Fact]
    public void An_override_directory_wins_file_by_file()
    {
        WriteTemplate(_builtIn, "welcome", "Built-in subject", "<p>Built-in {{name}}</p>", "Built-in text");
        _overrides.Write("welcome.subject.hbs", "Our own subject for {{name}}");
        _options.CurrentValue = new EmailOptions { TemplatesDirectory = _overrides.Path };

        var email = CreateRenderer().Render("welcome", new JsonObject { ["name"] = "Ann" });

        email.Subject.ShouldBe("Our own subject for Ann");
        email.Html.ShouldBe("<p>Built-in Ann</p>");
        email.Text.ShouldBe("Built-in text");
    }

    [Theory]
    [InlineData("<p>\n{{#if paid}}\n  paid\n\n", 2, "if")]
    [InlineData("<ul>\n{{#each lines}}\n  <li>{{sku}}</li>\n{{/if}}\n</ul>", 4, "/if")]
    [InlineData("<p>\n  {{name}}\n</p>\n{{/each}}\n", 4, "/each")]
    [InlineData("line one\nline two\n<p>{{customer.name</p>\n", 3, "")]
    [InlineData("one\n<p>{{name}</p>\n<p>{{other}}</p>", 2, "")]
    [InlineData("one\ntwo\n<p>{{{raw}}</p>\nfour", 3, "")]
    [InlineData("one\ntwo\nthree {{lookup name=}}\n", 3, "")]
    public void A_template_error_names_the_file_and_the_line(string html, int line, string reasonContains)
    {
        WriteTemplate(_builtIn, "broken", "Subject", html, "text");

        var error = Should.Throw<TemplateException>(() => CreateRenderer().Render("broken", new JsonObject()));

        error.TemplateName.ShouldBe("broken");
        error.FilePath.ShouldBe(Path.Combine(_builtIn.Path, "broken.html.hbs"));
        error.Line.ShouldBe(line);
        error.Message.ShouldStartWith($"Email template 'broken' (broken.html.hbs, line {line}): ");
        error.Message.ShouldContain(error.FilePath!);
        error.Message.ShouldNotContain("Occured at");
        error.Reason.ShouldContain(reasonContains);
    }

    [Fact]
    public void An_unknown_helper_found_while_rendering_names_the_file_and_line()
    {
        WriteTemplate(_builtIn, "helper", "Subject", "<p>\n  Total: {{formatMoney total \"EUR\"}}\n</p>", "text");

        var error = Should.Throw<TemplateException>(() => CreateRenderer().Render("helper", new JsonObject { ["total"] = 5 }));

        error.FilePath.ShouldBe(Path.Combine(_builtIn.Path, "helper.html.hbs"));
        error.Line.ShouldBe(2);
        error.Message.ShouldContain("formatMoney");
    }

    [Fact]
    public void A_missing_template_is_a_clear_error()
    {
        var error = Should.Throw<TemplateException>(() => CreateRenderer().Render("no-such-template", new JsonObject()));

        error.Message.ShouldStartWith("Email template 'no-such-template': not found:");
        error.Message.ShouldContain("no-such-template.html.hbs");
        error.Message.ShouldContain(_builtIn.Path);
    }

    [Fact]
    public void A_missing_part_names_the_missing_file()
    {
        _builtIn.Write("partial.subject.hbs", "s");
        _builtIn.Write("partial.html.hbs", "h");

        var error = Should.Throw<TemplateException>(() => CreateRenderer().Render("partial", new JsonObject()));

        error.Message.ShouldContain("partial.txt.hbs is missing");
    }

    [Theory]
    [InlineData("../secrets")]
    [InlineData("sub/dir")]
    [InlineData(".hidden")]
    [InlineData("")]
    public void A_template_name_cannot_reach_outside_the_template_folders(string name)
    {
        Should.Throw<TemplateException>(() => CreateRenderer().Render(name, null)).Message.ShouldContain("not a valid template name");
    }

    [Fact]
    public void Each_file_is_compiled_once_and_again_only_after_it_changes()
    {
        WriteTemplate(_builtIn, "cached", "Hi {{name}}", "<p>v1 {{name}}</p>", "v1");
        var renderer = CreateRenderer();

        renderer.Render("cached", new JsonObject { ["name"] = "A" }).Html.ShouldBe("<p>v1 A</p>");
        renderer.Render("cached", new JsonObject { ["name"] = "B" }).Html.ShouldBe("<p>v1 B</p>");
        renderer.Compilations.ShouldBe(3);

        var html = _builtIn.Write("cached.html.hbs", "<p>v2 {{name}}</p>");
        File.SetLastWriteTimeUtc(html, File.GetLastWriteTimeUtc(html).AddSeconds(5));

        renderer.Render("cached", new JsonObject { ["name"] = "C" }).Html.ShouldBe("<p>v2 C</p>");
        renderer.Compilations.ShouldBe(4);
    }

    [Fact]
    public void A_fixed_template_is_picked_up_without_a_restart()
    {
        WriteTemplate(_builtIn, "fixme", "Subject", "{{#if x}}open", "text");
        var renderer = CreateRenderer();
        Should.Throw<TemplateException>(() => renderer.Render("fixme", new JsonObject()));

        var html = _builtIn.Write("fixme.html.hbs", "{{#if x}}open{{/if}}");
        File.SetLastWriteTimeUtc(html, File.GetLastWriteTimeUtc(html).AddSeconds(5));

        renderer.Render("fixme", new JsonObject { ["x"] = true }).Html.ShouldBe("open");
    }
}
