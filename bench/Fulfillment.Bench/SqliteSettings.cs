using Microsoft.Data.Sqlite;

namespace Fulfillment.Bench;

internal static class SqliteSettings
{
    /// <summary>The <c>synchronous</c> setting a new connection to <paramref name="path"/> gets (0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA).</summary>
    public static async Task<string> SynchronousAsync(string path, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path }.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous;";
        var value = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        return value switch { 0 => "OFF", 1 => "NORMAL", 2 => "FULL", 3 => "EXTRA", _ => value.ToString(System.Globalization.CultureInfo.InvariantCulture) };
    }
}
