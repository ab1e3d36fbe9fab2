using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Fulfillment.Workflows.EntityFrameworkCore;

/// <summary>What a failed write means, the same on every provider.</summary>
public static class DatabaseErrors
{
    private const int SqliteUniqueConstraintFailed = 2067; // SQLITE_CONSTRAINT_UNIQUE

    /// <summary>
    /// The insert lost a race for a unique key (an order number, an idempotency key) to someone else.
    /// On PostgreSQL the transaction is aborted after it: roll back and read the winner's row afresh.
    /// </summary>
    public static bool IsUniqueViolation(this DbUpdateException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.InnerException switch
        {
            SqliteException sqlite => sqlite.SqliteExtendedErrorCode == SqliteUniqueConstraintFailed,
            PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
            _ => false,
        };
    }
}
