using System.Text.RegularExpressions;
using Fulfillment.Server.Identity;
using Fulfillment.Studio.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Fulfillment.Studio.Tests;

[Collection(StudioTestGroup.Name)]
public sealed partial class SignInTests(StudioFixture studio)
{
    [BrowserFact]
    public async Task A_signed_out_visitor_is_sent_to_the_login_page_and_brought_back_after_signing_in()
    {
        await using var studioPage = await studio.OpenAsync();
        var page = studioPage.Page;

        await page.GotoAsync("workflows");

        page.Url.ShouldEndWith("/login?returnUrl=%2Fworkflows");
        await studioPage.ScreenshotAsync("login");
        await page.GetByLabel("E-mail").FillAsync(DemoUsers.AdminEmail);
        await page.GetByLabel("Password").FillAsync(DemoUsers.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/workflows");
        await studioPage.WaitUntilInteractiveAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Workflows", Level = 1 })).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task A_wrong_password_is_refused_with_a_message()
    {
        await using var studioPage = await studio.OpenAsync();
        var page = studioPage.Page;
        await page.GotoAsync("login");

        await page.GetByLabel("E-mail").FillAsync(DemoUsers.AdminEmail);
        await page.GetByLabel("Password").FillAsync("not the password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Invalid e-mail or password.");
        await studioPage.ScreenshotAsync("login-failed");
        (await page.GotoAsync("workflows"))!.Url.ShouldContain("/login");
    }

    [BrowserFact]
    public async Task Signing_out_from_the_user_menu_ends_the_session()
    {
        await using var studioPage = await studio.OpenAsync();
        var page = studioPage.Page;
        await studioPage.SignInAsync(DemoUsers.AdminEmail);

        await page.GetByRole(AriaRole.Button, new() { Name = $"User menu for {DemoUsers.AdminEmail}" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Admin, Process Owner")).ToBeVisibleAsync();
        await studioPage.ScreenshotAsync("user-menu");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await page.WaitForURLAsync("**/login");
        await page.GotoAsync("workflows");
        page.Url.ShouldContain("/login?returnUrl=");
    }

    [BrowserFact]
    public async Task The_api_answers_401_problem_details_without_a_cookie_and_accepts_the_studio_cookie()
    {
        await using var studioPage = await studio.OpenAsync();
        var api = studioPage.Page.Context.APIRequest;

        var signedOut = await api.GetAsync("api/workflows", new() { MaxRedirects = 0 });
        signedOut.Status.ShouldBe(401);
        signedOut.Headers["content-type"].ShouldStartWith("application/problem+json");

        await studioPage.SignInAsync(DemoUsers.AdminEmail);
        var signedIn = await api.GetAsync("api/workflows");
        signedIn.Status.ShouldBe(200);
        (await signedIn.TextAsync()).ShouldContain("payment-confirmation");
    }

    [BrowserFact]
    public async Task Login_and_logout_posts_without_the_antiforgery_token_are_rejected()
    {
        await using var studioPage = await studio.OpenAsync();
        var api = studioPage.Page.Context.APIRequest;
        var form = api.CreateFormData();
        form.Set("_handler", "login");
        form.Set("Input.Email", DemoUsers.AdminEmail);
        form.Set("Input.Password", DemoUsers.Password);

        var response = await api.PostAsync("login", new() { Form = form, MaxRedirects = 0 });

        response.Status.ShouldBe(400);
        response.Headers.ContainsKey("set-cookie").ShouldBeFalse();
        (await api.PostAsync("logout", new() { MaxRedirects = 0 })).Status.ShouldBe(400);
    }

    [BrowserFact]
    public async Task The_theme_switches_between_light_and_dark()
    {
        await using var studioPage = await studio.OpenSignedInAsync(DemoUsers.AdminEmail);
        var page = studioPage.Page;

        await page.GetByRole(AriaRole.Button, new() { Name = "Switch to dark mode" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Switch to light mode" })).ToBeVisibleAsync();
        await studioPage.ScreenshotAsync("workflows-dark");
        var background = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        Brightness(background).ShouldBeLessThan(100);
    }

    private static double Brightness(string rgb)
    {
        var channels = RgbChannels().Matches(rgb).Select(m => double.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return (channels[0] + channels[1] + channels[2]) / 3;
    }

    [GeneratedRegex(@"\d+(\.\d+)?")]
    private static partial Regex RgbChannels();
}
