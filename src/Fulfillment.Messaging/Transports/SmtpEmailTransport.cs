using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Fulfillment.Messaging.Transports;

/// <summary>
/// Sends through an SMTP server with MailKit: one connection per message (connect, authenticate
/// when a user name is set, send, quit). Settings are read per message, so a reload applies.
/// </summary>
public sealed partial class SmtpEmailTransport(IOptionsMonitor<EmailOptions> options, ILogger<SmtpEmailTransport> logger) : IEmailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var smtp = options.CurrentValue.Smtp;
        if (string.IsNullOrWhiteSpace(smtp.Host))
        {
            throw new InvalidOperationException($"{EmailOptions.SectionName}:Smtp:Host is not set.");
        }

        using var client = new SmtpClient { Timeout = (int)Math.Clamp(smtp.Timeout.TotalMilliseconds, 1, int.MaxValue) };
        await client.ConnectAsync(smtp.Host, smtp.Port, ToSocketOptions(smtp.Security), cancellationToken);
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? string.Empty, cancellationToken);
        }

        var response = await client.SendAsync(message, cancellationToken);
        LogAccepted(logger, message.MessageId ?? string.Empty, smtp.Host, smtp.Port, response);

        try
        {
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The server has accepted the message: a failed goodbye must not make the outbox send it again.
            LogQuitFailed(logger, ex, smtp.Host, smtp.Port);
        }
    }

    private static SecureSocketOptions ToSocketOptions(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };

    [LoggerMessage(Level = LogLevel.Debug, Message = "SMTP {Host}:{Port} accepted {MessageId}: {Response}")]
    private static partial void LogAccepted(ILogger logger, string messageId, string host, int port, string response);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMTP {Host}:{Port} accepted the message but closing the connection failed")]
    private static partial void LogQuitFailed(ILogger logger, Exception exception, string host, int port);
}
