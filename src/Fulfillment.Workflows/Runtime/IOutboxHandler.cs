namespace Fulfillment.Workflows.Runtime;

/// <summary>
/// Delivers outbox messages of one <see cref="Kind"/> to the outside world (an SMTP server, a
/// carrier). Called after commit, at least once per message: implementations pass the message's
/// idempotency key on so the receiver can drop a repeat (e.g. as an e-mail's Message-Id).
/// Throwing means "try again later"; the dispatcher backs off and, after its last attempt,
/// parks the message as Failed for an operator.
/// </summary>
public interface IOutboxHandler
{
    string Kind { get; }

    Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken);
}
