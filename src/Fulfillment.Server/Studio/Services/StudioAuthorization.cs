using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;

namespace Fulfillment.Server.Studio.Services;

/// <summary>The circuit's user, and whether a policy of the API lets them do something.</summary>
internal sealed class StudioAuthorization(AuthenticationStateProvider authenticationState, IAuthorizationService authorization)
{
    public async Task<ClaimsPrincipal> UserAsync() => (await authenticationState.GetAuthenticationStateAsync()).User;

    /// <summary>Who the journal and the order history name for the circuit's actions.</summary>
    public async Task<string> ActorAsync() => (await UserAsync()).Identity?.Name ?? "studio";

    public async Task<bool> AllowsAsync(string policy) => (await authorization.AuthorizeAsync(await UserAsync(), policy)).Succeeded;

    /// <exception cref="UnauthorizedAccessException">The user does not meet <paramref name="policy"/>.</exception>
    public async Task DemandAsync(string policy, string refusal)
    {
        if (!await AllowsAsync(policy))
        {
            throw new UnauthorizedAccessException(refusal);
        }
    }
}
