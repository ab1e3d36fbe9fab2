using Fulfillment.Server.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Fulfillment.Server.Identity;

public static class IdentityServiceCollectionExtensions
{
    /// <summary>
    /// ASP.NET Core Identity on the shared SQLite file, with roles, a sign-in manager, bearer tokens
    /// for API clients and the application cookie for the Studio; plus the start-up tasks that migrate
    /// the Identity tables and seed roles and demo users. Requires <see cref="ServerOptionsServiceCollectionExtensions.AddFulfillmentServerOptions"/>.
    /// </summary>
    public static IServiceCollection AddFulfillmentIdentity(this IServiceCollection services)
    {
        services.AddDbContext<AppIdentityDbContext>((sp, options) => options.UseSqlite(
            sp.GetRequiredService<FulfillmentPaths>().SqliteConnectionString,
            sqlite => sqlite.MigrationsHistoryTable(AppIdentityDbContext.MigrationsHistoryTable)));

        services.AddIdentityCore<AppUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AppIdentityDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = AuthenticationSchemes.BearerOrCookie;
                options.DefaultChallengeScheme = AuthenticationSchemes.BearerOrCookie;
                options.DefaultForbidScheme = AuthenticationSchemes.BearerOrCookie;
            })
            .AddPolicyScheme(AuthenticationSchemes.BearerOrCookie, "Bearer token or Identity cookie", options =>
                options.ForwardDefaultSelector = SelectScheme)
            .AddBearerToken(IdentityConstants.BearerScheme)
            .AddIdentityCookies();

        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "Fulfillment.Identity";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
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
