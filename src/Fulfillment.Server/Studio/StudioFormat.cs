using System.Globalization;

namespace Fulfillment.Server.Studio;

/// <summary>How the Studio writes values for people.</summary>
internal static class StudioFormat
{
    /// <summary>A point in time in UTC, to the minute, the same for every viewer.</summary>
    public static string Timestamp(DateTimeOffset? at) =>
        at is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "—";
}
