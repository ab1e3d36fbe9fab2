using System.Text;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Fulfillment.Messaging.Transports;

/// <summary>
/// Writes each message as one <c>.eml</c> file into <see cref="EmailOptions.PickupDirectory"/>.
/// The file is named after the Message-Id and written to a temporary file that is then moved
/// into place, so a reader never sees half a message and sending the same message again
/// replaces the file instead of adding a second one.
/// </summary>
public sealed class PickupDirectoryTransport(IOptionsMonitor<EmailOptions> options) : IEmailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var directory = options.CurrentValue.PickupDirectory is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : throw new InvalidOperationException($"{EmailOptions.SectionName}:PickupDirectory is not set.");
        if (string.IsNullOrEmpty(message.MessageId))
        {
            throw new ArgumentException("A message needs a Message-Id to be written to the pickup directory.", nameof(message));
        }

        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileNameFor(message.MessageId));
        var temporary = Path.Combine(directory, $".{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 16 * 1024, useAsync: true))
            {
                await message.WriteToAsync(stream, cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>The file a message with this Message-Id is written to, e.g. <c>3f2a…@fulfillment.local.eml</c>.</summary>
    public static string FileNameFor(string messageId)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        var invalid = Path.GetInvalidFileNameChars();
        var name = new StringBuilder(messageId.Length + 4);
        foreach (var c in messageId.Trim('<', '>'))
        {
            name.Append(Array.IndexOf(invalid, c) >= 0 || c is '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|' ? '_' : c);
        }

        return name.Append(".eml").ToString();
    }
}
