using Microsoft.Extensions.Options;
using MimeKit;

namespace Fulfillment.Messaging.Transports;

/// <summary>Hands a finished message to the outside world. Throwing means "not sent; try again later".</summary>
public interface IEmailTransport
{
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// The transport the options ask for, decided per message so a configuration reload takes effect:
/// SMTP when <see cref="SmtpOptions.Host"/> is set, otherwise the pickup directory.
/// </summary>
public sealed class ConfiguredEmailTransport(
    IOptionsMonitor<EmailOptions> options,
    SmtpEmailTransport smtp,
    PickupDirectoryTransport pickup) : IEmailTransport
{
    public Task SendAsync(MimeMessage message, CancellationToken cancellationToken) =>
        options.CurrentValue.UsesSmtp
            ? smtp.SendAsync(message, cancellationToken)
            : pickup.SendAsync(message, cancellationToken);
}
