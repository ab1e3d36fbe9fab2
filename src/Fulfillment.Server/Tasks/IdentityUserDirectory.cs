using Fulfillment.HumanTasks.Notifications;
using Fulfillment.Server.Identity;
using Microsoft.AspNetCore.Identity;

namespace Fulfillment.Server.Tasks;

/// <summary>Role membership from ASP.NET Identity, for task notifications and delegation.</summary>
internal sealed class IdentityUserDirectory(IServiceScopeFactory scopes) : IUserDirectory
{
    public async Task<IReadOnlyList<string>> GetEmailsInRoleAsync(string role, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return (await users.GetUsersInRoleAsync(role)).Select(u => u.Email).OfType<string>().Order(StringComparer.Ordinal).ToList();
    }

    public async Task<bool> IsInRoleAsync(string email, string role, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return await users.FindByEmailAsync(email) is { } user && await users.IsInRoleAsync(user, role);
    }
}
