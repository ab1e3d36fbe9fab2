using Fulfillment.Operations.Orders;
using Fulfillment.Workflows.EntityFrameworkCore;
using Fulfillment.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Fulfillment.Operations.Storage;

/// <summary>
/// Writes the order status changes of a workflow burst (<see cref="OrderStatusUpdate"/> commit effects,
/// from <c>UpdateOrderStatus</c>) inside the instance's commit transaction: the order moves exactly when
/// the workflow step that moved it commits, never twice and never without it.
/// </summary>
internal sealed class OperationsCommitParticipant : IWorkflowCommitParticipant
{
    public async Task OnCommittingAsync(WorkflowCommitContext context, CancellationToken cancellationToken)
    {
        var updates = context.Commit.Extras.OfType<OrderStatusUpdate>().ToList();
        if (updates.Count == 0)
        {
            return;
        }

        await using var db = new OperationsDbContext(context.CreateOptions<OperationsDbContext>());
        await db.Database.UseTransactionAsync(context.Transaction, cancellationToken);

        // Activities read the status as last committed, so a second update of the same order in one
        // burst starts where the first one left it.
        var current = new Dictionary<int, Model.OrderStatus>();
        foreach (var update in updates)
        {
            var chained = current.TryGetValue(update.OrderId, out var from) ? update with { From = from } : update;
            if (!await OrderStatusWriter.TryApplyAsync(db, chained, cancellationToken))
            {
                // Changed outside this instance since the activity looked (e.g. cancelled): the burst runs again on fresh data.
                throw new ConcurrencyConflictException($"Order {update.OrderId} is no longer {chained.From}.");
            }

            current[update.OrderId] = update.To;
        }
    }
}
