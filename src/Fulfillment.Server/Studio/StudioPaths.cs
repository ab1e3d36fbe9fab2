using System.Security.Claims;
using Fulfillment.Server.Identity;

namespace Fulfillment.Server.Studio;

/// <summary>The Studio's fixed addresses.</summary>
internal static class StudioPaths
{
    public const string Login = "/login";
    public const string Logout = "/logout";
    public const string AccessDenied = "/access-denied";
    public const string Home = "/workflows";
    public const string Dashboard = "/dashboard";

    /// <summary>Roles whose work is watching the figures: the Studio opens on the dashboard for them.</summary>
    private static readonly string[] ManagerRoles = [Roles.WarehouseManager, Roles.CustomerServiceManager, Roles.SeniorSalesManager];

    /// <summary>Where <c>/</c> takes the user: the dashboard for managers, otherwise the workflows list.</summary>
    public static string HomeFor(ClaimsPrincipal user) =>
        ManagerRoles.Any(user.IsInRole) ? Dashboard : Home;

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
