using Fulfillment.Server.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Fulfillment.Server.Identity;

/// <summary>
/// Creates every role and, when demo data is on, the <see cref="DemoUsers"/>. Idempotent: runs at
/// every start and only adds what is missing, so it never resets a password someone changed.
/// </summary>
internal sealed class DemoUserSeeder(
    RoleManager<IdentityRole> roleManager,
    UserManager<AppUser> userManager,
    IOptions<FulfillmentServerOptions> options,
    IHostEnvironment environment,
    ILogger<DemoUserSeeder> logger) : IStartupTask
{
    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        // Roles are not demo data: workflows assign tasks to them, so they exist in every environment.
        foreach (var role in Roles.All)
        {
            if (!await roleManager.RoleExistsAsync(role))
            {
                EnsureSucceeded(await roleManager.CreateAsync(new IdentityRole(role)), $"create role '{role}'");
            }
        }

        if (!options.Value.IsDemoDataEnabled(environment))
        {
            return;
        }

        foreach (var demoUser in DemoUsers.All)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await EnsureUserAsync(demoUser);
        }

        logger.LogInformation("{Count} demo users are ready (see README, \"Demo users\")", DemoUsers.All.Count);
    }

    private async Task EnsureUserAsync(DemoUser demoUser)
    {
        var user = await userManager.FindByEmailAsync(demoUser.Email);
        if (user is null)
        {
            user = new AppUser
            {
                UserName = demoUser.Email,
                Email = demoUser.Email,
                EmailConfirmed = true,
                DisplayName = demoUser.DisplayName,
            };
            EnsureSucceeded(await userManager.CreateAsync(user, DemoUsers.Password), $"create user '{demoUser.Email}'");
        }

        var missingRoles = demoUser.Roles.Except(await userManager.GetRolesAsync(user)).ToArray();
        if (missingRoles.Length > 0)
        {
            EnsureSucceeded(await userManager.AddToRolesAsync(user, missingRoles), $"add roles to '{demoUser.Email}'");
        }
    }

    // Seeding failures mean a broken installation; stop the start-up with the reason rather than
    // serve a server nobody can sign in to.
    private static void EnsureSucceeded(IdentityResult result, string action)
    {
        if (!result.Succeeded)
        {
            var reasons = string.Join("; ", result.Errors.Select(error => error.Description));
            throw new InvalidOperationException($"Could not {action}: {reasons}");
        }
    }
}
