namespace Fulfillment.Server.Identity;

/// <summary>
/// The demo accounts seeded when demo data is on: <c>admin@demo.local</c> (Admin and Process Owner)
/// and one <c>&lt;role-slug&gt;@demo.local</c> per other role. README's "Demo users" table lists them.
/// </summary>
public static class DemoUsers
{
    /// <summary>The password of every demo account. Satisfies Identity's default password rules.</summary>
    public const string Password = "Demo!2345";

    public const string AdminEmail = "admin@demo.local";

    private const string Domain = "demo.local";

    public static IReadOnlyList<DemoUser> All { get; } =
    [
        new(AdminEmail, "Demo Admin", [Roles.Admin, Roles.ProcessOwner]),
        .. Roles.All
            .Where(role => role != Roles.Admin)
            .Select(role => new DemoUser(EmailFor(role), $"Demo {role}", [role])),
    ];

    /// <summary>The demo account of a role, e.g. "Warehouse Manager" → <c>warehouse-manager@demo.local</c>.</summary>
    public static string EmailFor(string role) => $"{Roles.ToSlug(role)}@{Domain}";
}

/// <summary>One demo account and the roles it holds.</summary>
public sealed record DemoUser(string Email, string DisplayName, IReadOnlyList<string> Roles);
