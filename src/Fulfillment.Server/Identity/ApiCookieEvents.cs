using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Fulfillment.Server.Identity;

/// <summary>
/// The cookie handler answers a challenge with a redirect to a login page, which is right for the
/// Studio's pages but wrong for an API client. Under <c>/api</c> it answers 401 / 403 instead; the
/// status code pages middleware then adds the problem details body.
/// </summary>
internal sealed class ApiCookieEvents : CookieAuthenticationEvents
{
    private static readonly PathString ApiPath = new("/api");

    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context)
        => StatusOrRedirect(context, StatusCodes.Status401Unauthorized, base.RedirectToLogin);

    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context)
        => StatusOrRedirect(context, StatusCodes.Status403Forbidden, base.RedirectToAccessDenied);

    private static Task StatusOrRedirect(
        RedirectContext<CookieAuthenticationOptions> context,
        int apiStatusCode,
        Func<RedirectContext<CookieAuthenticationOptions>, Task> redirect)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.Path.StartsWithSegments(ApiPath))
        {
            context.Response.StatusCode = apiStatusCode;
            return Task.CompletedTask;
        }

        return redirect(context);
    }
}
