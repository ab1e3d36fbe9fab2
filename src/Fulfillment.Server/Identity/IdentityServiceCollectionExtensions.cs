using Fulfillment.Server.Hosting;
using Fulfillment.Workflows.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;

namespace Fulfillment.Server.Identity;

public static class IdentityServiceCollectionExtensions
{
    /// <summary>
    /// ASP.NET Core Identity in the shared database (SQLite or PostgreSQL), with roles, a sign-in manager, bearer tokens
    /// for API clients and the application cookie for the Studio; plus the start-up tasks that migrate
    /// the Identity tables and seed roles and demo users. Requires <see cref="ServerOptionsServiceCollectionExtensions.AddFulfillmentServerOptions"/>.
    /// </summary>
    public static IServiceCollection AddFulfillmentIdentity(this IServiceCollection services)
    {
        services.AddDbContext<AppIdentityDbContext>((sp, options) =>
            sp.GetRequiredService<FulfillmentDatabase>().Configure(options, AppIdentityDbContext.MigrationsHistoryTable));

        // Users sign in by e-mail, so it must identify one account. Lockout after repeated failures
        // is on by default and login asks for it (lockoutOnFailure).
        services.AddIdentityCore<AppUser>(options => options.User.RequireUniqueEmail = true)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AppIdentityDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        // The policy scheme is the default for authenticate, challenge and forbid alike, so a request
        // with a bearer header is judged (and refused) by the bearer handler, anything else by the cookie.
        services.AddAuthentication(AuthenticationSchemes.BearerOrCookie)
            .AddPolicyScheme(AuthenticationSchemes.BearerOrCookie, "Bearer token or Identity cookie", options =>
                options.ForwardDefaultSelector = SelectScheme)
            .AddBearerToken(IdentityConstants.BearerScheme)
            .AddIdentityCookies();

        services.ConfigureApplicationCookie(options =>
        {
            // Cookies are shared by every port of a host: a distinct name keeps other ASP.NET apps on
            // localhost from overwriting (or being confused by) the Studio's sign-in.
            options.Cookie.Name = "Fulfillment.Identity";
            options.EventsType = typeof(ApiCookieEvents);
        });
        services.AddSingleton<ApiCookieEvents>();

        services.AddAuthorization();

        services.AddStartupTask<IdentityMigrationStartupTask>();
        services.AddStartupTask<DemoUserSeeder>();
        return services;
    }

    internal static string SelectScheme(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? IdentityConstants.BearerScheme
            : IdentityConstants.ApplicationScheme;
    }
}
