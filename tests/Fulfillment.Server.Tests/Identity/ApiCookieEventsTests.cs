using Fulfillment.Server.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;

namespace Fulfillment.Server.Tests.Identity;

public sealed class ApiCookieEventsTests
{
    private readonly ApiCookieEvents _events = new();

    [Fact]
    public async Task Api_challenge_is_401_without_redirect()
    {
        var context = CreateRedirectContext("/api/tasks");

        await _events.RedirectToLogin(context);

        context.Response.StatusCode.ShouldBe(StatusCodes.Status401Unauthorized);
        context.Response.Headers.Location.ShouldBeEmpty();
    }

    [Fact]
    public async Task Api_forbid_is_403_without_redirect()
    {
        var context = CreateRedirectContext("/api/tasks");

        await _events.RedirectToAccessDenied(context);

        context.Response.StatusCode.ShouldBe(StatusCodes.Status403Forbidden);
        context.Response.Headers.Location.ShouldBeEmpty();
    }

    [Fact]
    public async Task Studio_pages_still_redirect_to_login()
    {
        var context = CreateRedirectContext("/studio/inbox");

        await _events.RedirectToLogin(context);

        context.Response.StatusCode.ShouldBe(StatusCodes.Status302Found);
        context.Response.Headers.Location.ToString().ShouldBe("/login");
    }

    [Fact]
    public async Task A_path_that_merely_starts_with_api_is_not_the_api()
    {
        var context = CreateRedirectContext("/apiary");

        await _events.RedirectToLogin(context);

        context.Response.StatusCode.ShouldBe(StatusCodes.Status302Found);
    }

    private static RedirectContext<CookieAuthenticationOptions> CreateRedirectContext(string path)
    {
        var httpContext = new DefaultHttpContext();
        httpContext.Request.Path = path;
        var scheme = new AuthenticationScheme("Identity.Application", null, typeof(CookieAuthenticationHandler));
        return new RedirectContext<CookieAuthenticationOptions>(httpContext, scheme, new CookieAuthenticationOptions(), new AuthenticationProperties(), "/login");
    }
}
