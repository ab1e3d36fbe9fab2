namespace Fulfillment.Studio.Tests.Infrastructure;

/// <summary>The Debian Chromium the browser tests drive (<c>apt-get install -y chromium</c>; test.sh does it).</summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>
    /// Flags for a headless browser in a container: no sandbox (root, no user namespaces), no GPU, and
    /// nothing that phones home (there is no network beyond the test server).
    /// </summary>
    public static IReadOnlyList<string> Arguments { get; } =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ];

    public static bool IsInstalled => File.Exists(ExecutablePath);

    /// <summary>Under CI a missing browser is a failure; on a developer's machine the browser tests are skipped.</summary>
    public static bool IsRequired => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string MissingMessage =>
        $"{ExecutablePath} is missing: install it with 'apt-get install -y chromium' (./test.sh does).";
}

/// <summary>A browser test: skipped when Chromium is missing, unless CI=true, where it runs and fails.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!Chromium.IsInstalled && !Chromium.IsRequired)
        {
            Skip = Chromium.MissingMessage;
        }
    }
}
