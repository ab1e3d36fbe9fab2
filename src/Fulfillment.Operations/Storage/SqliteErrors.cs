using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Fulfillment.Operations.Storage;

internal static class SqliteErrors
{
    private const int UniqueConstraintFailed = 2067; // SQLITE_CONSTRAINT_UNIQUE

    /// <summary>The insert lost a race for a unique key (an order number, an idempotency key) to someone else.</summary>
    public static bool IsUniqueViolation(this DbUpdateException exception) =>
        exception.InnerException is SqliteException { SqliteExtendedErrorCode: UniqueConstraintFailed };
}
