using Fulfillment.Server.Identity;
using Fulfillment.Server.Studio.Services;
using Fulfillment.Studio.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Fulfillment.Studio.Tests;

/// <summary>An open Studio tab loses its sign-in when the user's password, lockout or roles change.</summary>
[Collection(StudioTestGroup.Name)]
public sealed class CircuitRevalidationTests(StudioFixture studio)
{
    [Fact]
    public async Task A_circuit_stays_valid_until_the_users_roles_or_security_stamp_change()
    {
        await using var scope = studio.Server.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var revalidation = (RevalidatingIdentityAuthenticationState)services.GetRequiredService<AuthenticationStateProvider>();
        var users = services.GetRequiredService<UserManager<AppUser>>();
        var signIn = services.GetRequiredService<SignInManager<AppUser>>();
        var user = (await users.FindByEmailAsync(DemoUsers.EmailFor(Roles.ShipmentDetails)))!;

        var signedIn = await signIn.CreateUserPrincipalAsync(user);
        (await revalidation.IsCurrentAsync(signedIn)).ShouldBeTrue();

        (await users.AddToRoleAsync(user, Roles.ProcessOwner)).Succeeded.ShouldBeTrue();
        (await revalidation.IsCurrentAsync(signedIn)).ShouldBeFalse();

        var withNewRole = await signIn.CreateUserPrincipalAsync(user);
        (await revalidation.IsCurrentAsync(withNewRole)).ShouldBeTrue();
        (await users.RemoveFromRoleAsync(user, Roles.ProcessOwner)).Succeeded.ShouldBeTrue();
        var current = await signIn.CreateUserPrincipalAsync(user);
        (await users.UpdateSecurityStampAsync(user)).Succeeded.ShouldBeTrue();
        (await revalidation.IsCurrentAsync(current)).ShouldBeFalse();
    }
}
