using MimeKit;
using Microsoft.Extensions.Options;

namespace Fulfillment.Messaging;

/// <summary>
/// Email settings, bound from the configuration section <c>Fulfillment:Email</c>. With
/// <see cref="SmtpOptions.Host"/> set, mail goes to that SMTP server; without it, each message is
/// written as one <c>.eml</c> file into <see cref="PickupDirectory"/> (the embedded default).
/// </summary>
public sealed class EmailOptions
{
    public const string SectionName = "Fulfillment:Email";

    /// <summary>The sender of every message, e.g. <c>Shop &lt;orders@shop.example&gt;</c>.</summary>
    public string From { get; set; } = "Fulfillment <no-reply@fulfillment.local>";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Folder that receives one <c>.eml</c> file per message when no SMTP host is set.</summary>
    public string? PickupDirectory { get; set; }

    /// <summary>
    /// Optional folder searched before the built-in templates (<c>templates/email</c> next to the
    /// binaries); a file found here wins over the built-in file of the same name.
    /// </summary>
    public string? TemplatesDirectory { get; set; }

    /// <summary>True when messages go to an SMTP server rather than the pickup directory.</summary>
    public bool UsesSmtp => !string.IsNullOrWhiteSpace(Smtp.Host);
}

public sealed class SmtpOptions
{
    /// <summary>The SMTP server; empty means "write to the pickup directory instead".</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;

    /// <summary>Sign-in name; no authentication when empty.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>How long one network operation (connect, a command, the data) may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

public enum SmtpSecurity
{
    /// <summary>Plain text, never TLS (local relays, test servers).</summary>
    None,

    /// <summary>Plain connection upgraded with STARTTLS; fails if the server does not offer it.</summary>
    StartTls,

    /// <summary>TLS from the first byte (usually port 465).</summary>
    SslOnConnect,

    /// <summary>TLS on connect for port 465, otherwise STARTTLS when the server offers it.</summary>
    Auto,
}

/// <summary>Start-up checks: a usable sender, and somewhere for the mail to go.</summary>
internal sealed class EmailOptionsValidator : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions options)
    {
        var errors = new List<string>();
        if (!MailboxAddress.TryParse(EmailAddresses.StrictParsing, options.From ?? string.Empty, out _))
        {
            errors.Add($"{EmailOptions.SectionName}:From '{options.From}' is not a valid email address.");
        }

        if (options.UsesSmtp)
        {
            if (options.Smtp.Port is < 1 or > 65535)
            {
                errors.Add($"{EmailOptions.SectionName}:Smtp:Port {options.Smtp.Port} is not a TCP port.");
            }

            if (options.Smtp.Timeout <= TimeSpan.Zero)
            {
                errors.Add($"{EmailOptions.SectionName}:Smtp:Timeout must be positive.");
            }
        }
        else if (string.IsNullOrWhiteSpace(options.PickupDirectory))
        {
            errors.Add($"{EmailOptions.SectionName} needs either Smtp:Host (send by SMTP) or PickupDirectory (write .eml files).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
