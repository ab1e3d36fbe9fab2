using Fulfillment.Messaging.Transports;
using Fulfillment.Workflows.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Fulfillment.Messaging;

/// <summary>
/// Sends outbox messages of kind <c>email</c>. The MIME message is built the same way on every
/// attempt: Message-Id from the idempotency key, Date from when the workflow queued it, plus an
/// <c>X-Idempotency-Key</c> header, so a repeat after a crash is recognisable as the same email.
/// </summary>
public sealed partial class EmailOutboxHandler(
    IEmailTransport transport,
    IOptionsMonitor<EmailOptions> options,
    ILogger<EmailOutboxHandler> logger) : IOutboxHandler
{
    public const string IdempotencyHeader = "X-Idempotency-Key";

    public string Kind => EmailPayload.Kind;

    public async Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var mime = BuildMessage(EmailPayload.FromJson(message.PayloadJson), message.IdempotencyKey, message.CreatedAt, options.CurrentValue.From);
        await transport.SendAsync(mime, cancellationToken);
        LogSent(logger, mime.MessageId ?? string.Empty, message.IdempotencyKey, mime.To.ToString());
    }

    /// <summary>Builds the MIME message: multipart/alternative with the plain-text part first, then HTML.</summary>
    public static MimeMessage BuildMessage(EmailPayload payload, string idempotencyKey, DateTimeOffset queuedAt, string from)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var message = new MimeMessage
        {
            MessageId = EmailPayload.MessageIdFor(idempotencyKey),
            Date = queuedAt,
            Subject = payload.Subject,
            Body = new BodyBuilder { TextBody = payload.Text, HtmlBody = payload.Html }.ToMessageBody(),
        };
        message.From.Add(ParseMailbox(from, "From"));
        message.To.AddRange(payload.To.Select(a => ParseMailbox(a, "To")));
        message.Cc.AddRange(payload.Cc.Select(a => ParseMailbox(a, "Cc")));
        message.Headers.Add(IdempotencyHeader, idempotencyKey);
        return message;
    }

    private static MailboxAddress ParseMailbox(string address, string field) =>
        MailboxAddress.TryParse(EmailAddresses.StrictParsing, address, out var mailbox)
            ? mailbox
            : throw new FormatException($"{field} address '{address}' is not a valid email address.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent email {MessageId} (idempotency key {IdempotencyKey}) to {To}")]
    private static partial void LogSent(ILogger logger, string messageId, string idempotencyKey, string to);
}
