using Fulfillment.Messaging;
using Fulfillment.Workflows.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Fulfillment.Server.Studio.Services;

/// <summary>An e-mail to an order's customer, as its workflow queued it in the outbox.</summary>
/// <param name="Status">The outbox status: Pending, Dispatching, Dispatched or Failed.</param>
internal sealed record CustomerEmail(string Subject, string? Template, string Status, DateTimeOffset QueuedAt, DateTimeOffset? SentAt, string? LastError);

/// <summary>
/// The e-mails an order's customer was sent. There is no table of its own: order workflows queue their
/// customer e-mails in the engine's outbox under the order's instance, and the outbox keeps them, with
/// whether and when each left.
/// </summary>
internal sealed class CustomerEmails(IDbContextFactory<WorkflowDbContext> contexts)
{
    public async Task<IReadOnlyList<CustomerEmail>> ForOrderAsync(string? instanceId, string customerEmail, CancellationToken cancellationToken)
    {
        if (instanceId is null)
        {
            return [];
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var messages = await db.Outbox.AsNoTracking()
            .Where(m => m.InstanceId == instanceId && m.Kind == EmailPayload.Kind)
            .Select(m => new { m.PayloadJson, m.Status, m.CreatedAt, m.DispatchedAt, m.LastError })
            .ToListAsync(cancellationToken);
        return
        [
            .. messages
                .Select(m => (Payload: TryRead(m.PayloadJson), m.Status, m.CreatedAt, m.DispatchedAt, m.LastError))
                .Where(m => m.Payload is not null && IsAddressedTo(m.Payload, customerEmail))
                .OrderBy(m => m.CreatedAt)
                .Select(m => new CustomerEmail(m.Payload!.Subject, m.Payload.Template, m.Status, m.CreatedAt, m.DispatchedAt, m.LastError)),
        ];
    }

    /// <summary>
    /// Whether <paramref name="email"/> is among the recipients: the same instance also sends task e-mails
    /// to staff, which are not the customer's business.
    /// </summary>
    internal static bool IsAddressedTo(EmailPayload payload, string email) =>
        payload.To.Any(recipient => MailboxAddress.TryParse(recipient, out var mailbox)
            && string.Equals(mailbox.Address, email.Trim(), StringComparison.OrdinalIgnoreCase));

    private static EmailPayload? TryRead(string json)
    {
        try
        {
            return EmailPayload.FromJson(json);
        }
        catch (FormatException)
        {
            return null; // not a message this view can show; the outbox API still lists it
        }
    }
}
