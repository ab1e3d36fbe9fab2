using Fulfillment.Operations.Model;
using Fulfillment.Operations.Storage;
using Microsoft.EntityFrameworkCore;

namespace Fulfillment.Operations.Customers;

/// <summary>
/// Customer satisfaction answers from the CSAT links: one answer per order, and the latest wins, so a
/// customer who clicked the wrong score (or adds a comment afterwards) corrects it instead of adding a second vote.
/// </summary>
public sealed class FeedbackService(IDbContextFactory<OperationsDbContext> contexts, TimeProvider clock)
{
    public const int MinScore = 1;
    public const int MaxScore = 5;

    /// <summary>The order a feedback link is for, and its answer so far.</summary>
    public async Task<(Order? Order, Feedback? Answer)> FindAsync(int orderId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orderId, cancellationToken);
        var answer = order is null ? null : await db.Feedback.AsNoTracking().FirstOrDefaultAsync(f => f.OrderId == orderId, cancellationToken);
        return (order, answer);
    }

    /// <summary>Stores the order's score (1 to 5) and comment, replacing an earlier answer.</summary>
    /// <exception cref="OperationsValidationException">The score is out of range or the comment too long.</exception>
    /// <exception cref="OrderNotFoundException">There is no such order.</exception>
    public async Task<Feedback> RecordAsync(int orderId, int score, string? comment, CancellationToken cancellationToken)
    {
        if (score is < MinScore or > MaxScore)
        {
            throw OperationsValidationException.For("score", $"The score must be {MinScore} to {MaxScore}.");
        }

        comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (comment is { Length: > 2000 })
        {
            throw OperationsValidationException.For("comment", "The comment can be at most 2000 characters.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Orders.AnyAsync(o => o.Id == orderId, cancellationToken))
        {
            throw OrderNotFoundException.ForId(orderId);
        }

        var now = clock.GetUtcNow();

        // Update first; insert only if there was nothing to update. Two answers racing for a new order:
        // the loser's insert hits the unique index and it updates the winner's row instead.
        for (var attempt = 0; ; attempt++)
        {
            var updated = await db.Feedback.Where(f => f.OrderId == orderId)
                .ExecuteUpdateAsync(s => s.SetProperty(f => f.Score, score).SetProperty(f => f.Comment, comment).SetProperty(f => f.ReceivedAt, now), cancellationToken);
            if (updated == 0)
            {
                var answer = new Feedback { OrderId = orderId, Score = score, Comment = comment, ReceivedAt = now };
                db.Feedback.Add(answer);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    return answer;
                }
                catch (DbUpdateException) when (attempt == 0)
                {
                    db.ChangeTracker.Clear();
                    continue;
                }
            }

            return await db.Feedback.AsNoTracking().FirstAsync(f => f.OrderId == orderId, cancellationToken);
        }
    }
}
