namespace Fulfillment.Server.Studio;

/// <summary>The Studio's fixed addresses.</summary>
internal static class StudioPaths
{
    public const string Login = "/login";
    public const string Logout = "/logout";
    public const string AccessDenied = "/access-denied";
    public const string Home = "/workflows";

    /// <summary>
    /// A return address from a query string, if it stays on this site; otherwise the home page.
    /// Anything else would make the login form an open redirect.
    /// </summary>
    public static string LocalOrHome(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl)
        && returnUrl.StartsWith('/')
        && !returnUrl.StartsWith("//", StringComparison.Ordinal)
        && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : Home;
}
