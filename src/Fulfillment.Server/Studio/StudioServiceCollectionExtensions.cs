using Fulfillment.Server.Studio.Components;
using Fulfillment.Server.Studio.Services;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
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
        services.AddScoped<AuthenticationStateProvider, RevalidatingIdentityAuthenticationState>();
        services.AddMudServices();
        services.AddScoped<WorkflowCatalog>();
        services.AddScoped<FileDownloads>();
        services.AddScoped<StudioAuthorization>();
        services.AddScoped<OrderDesk>();
        services.AddScoped<Stockroom>();
        services.AddSingleton<CustomerEmails>();

        // Instance pages refresh when their instance commits.
        services.AddSingleton<Live.InstanceChangeFeed>();
        services.AddSingleton<Fulfillment.Workflows.Runtime.ICommitObserver>(sp => sp.GetRequiredService<Live.InstanceChangeFeed>());

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

        // A form post with an antiforgery token, so another site cannot sign a user out. The middleware
        // only records its verdict; an endpoint that binds no form has to read it.
        app.MapPost(StudioPaths.Logout, async (HttpContext http, SignInManager<Identity.AppUser> signInManager) =>
            {
                if (http.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false })
                {
                    return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The antiforgery token is missing or invalid.");
                }

                await signInManager.SignOutAsync();
                return Results.LocalRedirect(StudioPaths.Login);
            })
            .WithMetadata(new RequireAntiforgeryTokenAttribute())
            .ExcludeFromDescription();
        return app;
    }
}
