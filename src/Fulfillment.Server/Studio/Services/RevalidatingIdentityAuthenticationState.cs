using System.Security.Claims;
using Fulfillment.Server.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Fulfillment.Server.Studio.Services;

/// <summary>
/// A circuit keeps the user it was opened with for as long as the browser tab stays open, long after a
/// cookie would have been re-checked. Every few minutes this compares the circuit's security stamp with
/// the user's, and its roles with the user's: a changed password, lockout, changed role or deleted
/// account signs the circuit out.
/// </summary>
internal sealed class RevalidatingIdentityAuthenticationState(
    ILoggerFactory loggerFactory,
    IServiceScopeFactory scopes,
    IOptions<IdentityOptions> identityOptions)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(5);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        IsCurrentAsync(authenticationState.User);

    /// <summary>Whether a signed-in principal still matches its user's security stamp and roles.</summary>
    internal async Task<bool> IsCurrentAsync(ClaimsPrincipal principal)
    {
        // The circuit outlives any one request scope, so each check gets its own (and a fresh DbContext).
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.GetUserAsync(principal);
        if (user is null)
        {
            return false;
        }

        // Role changes do not touch the security stamp, so the roles are compared as well: the circuit's
        // permissions (e.g. the editor policy) come from the roles it signed in with.
        var claims = identityOptions.Value.ClaimsIdentity;
        var circuitStamp = principal.FindFirst(claims.SecurityStampClaimType)?.Value;
        var circuitRoles = principal.FindAll(claims.RoleClaimType).Select(claim => claim.Value);
        return circuitStamp == await users.GetSecurityStampAsync(user)
            && (await users.GetRolesAsync(user)).ToHashSet(StringComparer.Ordinal).SetEquals(circuitRoles);
    }
}
