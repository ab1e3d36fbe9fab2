using Fulfillment.Server.Identity;
using Microsoft.Playwright;

namespace Fulfillment.Studio.Tests.Infrastructure;

/// <summary>A page of the Studio in its own browser context, with the steps every test repeats.</summary>
public sealed class StudioPage(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public IPage Page { get; } = page;

    /// <summary>Signs in through the login form and waits for the workflows list to become interactive.</summary>
    public async Task SignInAsync(string email, string password = DemoUsers.Password)
    {
        await Page.GotoAsync("login");
        await Page.GetByLabel("E-mail").FillAsync(email);
        await Page.GetByLabel("Password").FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Page.WaitForURLAsync("**/workflows");
        await WaitUntilInteractiveAsync();
    }

    /// <summary>
    /// Waits for the Blazor circuit: until then the page is prerendered HTML whose buttons do nothing.
    /// The layout marks itself once it renders interactively.
    /// </summary>
    public Task WaitUntilInteractiveAsync() =>
        Page.Locator("[data-interactive='true']").WaitForAsync();

    /// <summary>Saves a full-page screenshot as <c>TestResults/screenshots/&lt;name&gt;.png</c> in the test output folder.</summary>
    public Task ScreenshotAsync(string name) =>
        Page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(StudioFixture.ScreenshotDirectory, name + ".png"),
            FullPage = true,
        });

    public ValueTask DisposeAsync() => context.DisposeAsync();
}
