using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Fulfillment.Workflows.EntityFrameworkCore;

/// <summary>
/// Serialises transactions that look for a row by a business key and then insert one: a queued event
/// and a new bookmark on its key, two outbox messages with one idempotency key, two drafts of one
/// workflow. On SQLite nothing is needed, because its write transactions run one at a time. Under
/// PostgreSQL's READ COMMITTED two such transactions would each miss the other's uncommitted row, so
/// each first takes a transaction-scoped advisory lock per key; the second waits for the first to
/// commit and then sees its row.
/// </summary>
public static class TransactionKeyLocks
{
    /// <summary>
    /// Locks <paramref name="keys"/> until the current transaction ends (no-op outside PostgreSQL).
    /// Give keys a purpose prefix (<c>bookmark:</c>, <c>outbox:</c>) so unrelated keys never share a lock.
    /// </summary>
    public static async Task LockKeysAsync(this DatabaseFacade database, IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(keys);
        if (!database.IsNpgsql())
        {
            return;
        }

        // Sorted, so two transactions that lock overlapping sets take them in the same order (no deadlock).
        var ids = keys.Select(LockId).Distinct().Order().ToArray();
        if (ids.Length > 0)
        {
            await database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(id) FROM unnest({ids}) AS id", cancellationToken);
        }
    }

    /// <summary>A stable 64-bit lock id for a key: the same on every node and every run.</summary>
    internal static long LockId(string key) => BinaryPrimitives.ReadInt64LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
