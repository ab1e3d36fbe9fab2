using Fulfillment.Server.Studio.Components;
using Fulfillment.Server.Studio.Services;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using MudBlazor.Services;

namespace Fulfillment.Server.Studio;

public static class StudioServiceCollectionExtensions
{
    /// <summary>
    /// The Studio: Blazor components rendered on the server (interactive over a SignalR circuit),
    /// MudBlazor, and the Identity cookie's login and access-denied pages. Requires
    /// <see cref="Identity.IdentityServiceCollectionExtensions.AddFulfillmentIdentity"/>.
    /// </summary>
    public static IServiceCollection AddFulfillmentStudio(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddMudServices();
        services.AddScoped<WorkflowCatalog>();
        services.AddScoped<FileDownloads>();

        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = StudioPaths.Login;
            options.LogoutPath = StudioPaths.Logout;
            options.AccessDeniedPath = StudioPaths.AccessDenied;
            options.ReturnUrlParameter = "returnUrl";
        });
        return services;
    }

    /// <summary>
    /// Maps the Studio's static files, its pages and the sign-out endpoint. Needs
    /// <c>UseAntiforgery()</c> after authentication and authorization.
    /// </summary>
    public static WebApplication MapFulfillmentStudio(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

        // A form post with an antiforgery token, so another site cannot sign a user out.
        app.MapPost(StudioPaths.Logout, async (SignInManager<Identity.AppUser> signInManager) =>
            {
                await signInManager.SignOutAsync();
                return Results.LocalRedirect(StudioPaths.Login);
            })
            .WithMetadata(new RequireAntiforgeryTokenAttribute())
            .ExcludeFromDescription();
        return app;
    }
}
