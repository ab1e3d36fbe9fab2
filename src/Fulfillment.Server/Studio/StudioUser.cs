using System.Security.Claims;

namespace Fulfillment.Server.Studio;

/// <summary>What the Studio shows about the signed-in user.</summary>
internal static class StudioUser
{
    /// <summary>The user's roles, from the claims Identity put in the cookie at sign-in.</summary>
    public static IEnumerable<string> Roles(ClaimsPrincipal user) =>
        user.FindAll(ClaimTypes.Role).Select(claim => claim.Value).Order(StringComparer.Ordinal);
}
