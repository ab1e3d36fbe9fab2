using System.Globalization;
using Fulfillment.Workflows.Definitions;

namespace Fulfillment.Server.Studio;

/// <summary>How the Studio writes values for people.</summary>
internal static class StudioFormat
{
    /// <summary>A point in time in UTC, to the minute, the same for every viewer.</summary>
    public static string Timestamp(DateTimeOffset? at) =>
        at is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "—";

    /// <summary>The file name of an exported version: <c>&lt;id&gt;.v&lt;version&gt;.json</c>.</summary>
    public static string ExportFileName(StoredDefinition version) => $"{version.WorkflowId}.v{version.Version}.json";
}
