using System.Text.Json.Nodes;
using Fulfillment.Messaging.Templates;
using Fulfillment.Workflows.Runtime;
using Fulfillment.Workflows.Sdk;

namespace Fulfillment.Messaging;

/// <summary>
/// Renders an email template now and queues the message in the outbox; it is sent after the
/// workflow's state commits, at least once, and always with the same Message-Id (derived from the
/// activity's idempotency key) so a repeat is recognisable. A template error or a bad address
/// faults the instance with a message that names the template and line or the address.
/// </summary>
[Activity("Messaging", "Send email",
    Description = "Renders an email template with a model and sends it (through the outbox, after the workflow commits).")]
public sealed class SendEmail(EmailTemplateRenderer renderer) : CodeActivity
{
    [Input(Required = true, Description = "Recipients: comma-separated addresses, or a list of addresses.")]
    public JsonNode? To { get; set; }

    [Input(Description = "Copy recipients: comma-separated addresses, or a list of addresses.")]
    public JsonNode? Cc { get; set; }

    [Input(Description = "Subject line; when empty, the template's subject is used.")]
    public string? Subject { get; set; }

    [Input(Required = true, Description = "Template name: files <name>.subject.hbs, <name>.html.hbs and <name>.txt.hbs in templates/email.")]
    public string Template { get; set; } = string.Empty;

    [Input(Description = "The data the template shows, as a JSON object (usually an expression).", UIHint = "json")]
    public JsonNode? Model { get; set; }

    [Output(Description = "The Message-Id the email is sent with.")]
    public string? MessageId { get; set; }

    protected override ValueTask<string> RunAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var to = ParseAddresses(To, "To");
        if (to.Count == 0)
        {
            throw new WorkflowFaultException("Send email needs at least one recipient in To.");
        }

        var cc = ParseAddresses(Cc, "Cc");
        if (string.IsNullOrWhiteSpace(Template))
        {
            throw new WorkflowFaultException("Send email needs a Template.");
        }

        RenderedEmail rendered;
        try
        {
            rendered = renderer.Render(Template.Trim(), Model ?? new JsonObject());
        }
        catch (TemplateException ex)
        {
            // The message already says which file and line; an operator fixes the template and retries.
            throw new WorkflowFaultException(ex.Message);
        }

        var payload = new EmailPayload(
            to,
            cc,
            string.IsNullOrWhiteSpace(Subject) ? rendered.Subject : OneLine(Subject),
            rendered.Html,
            rendered.Text,
            Template.Trim());
        var key = context.IdempotencyKey;
        context.SendMessage(EmailPayload.Kind, JsonNode.Parse(payload.ToJson())!, key);
        MessageId = EmailPayload.MessageIdFor(key);
        context.Journal($"Email '{payload.Subject}' to {string.Join(", ", to)} queued as {MessageId}");
        return ValueTask.FromResult(ActivityOutcomes.Done);
    }

    /// <summary>A subject is one header line: line breaks and runs of spaces become one space.</summary>
    private static string OneLine(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static List<string> ParseAddresses(JsonNode? value, string field) =>
        EmailAddresses.TryParse(value, field, out var addresses, out var error)
            ? addresses.Select(a => a.ToString()).ToList()
            : throw new WorkflowFaultException($"Send email: {error}");
}
