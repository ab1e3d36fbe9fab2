using Microsoft.AspNetCore.Identity;

namespace Fulfillment.Server.Identity;

/// <summary>A person who signs in to the API or the Studio. User name and e-mail are the same.</summary>
public sealed class AppUser : IdentityUser
{
    /// <summary>The name shown in the Studio, task lists and the journal.</summary>
    public string DisplayName { get; set; } = string.Empty;
}
