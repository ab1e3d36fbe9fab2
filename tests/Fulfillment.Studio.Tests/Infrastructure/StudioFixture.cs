using Microsoft.Playwright;

namespace Fulfillment.Studio.Tests.Infrastructure;

/// <summary>
/// One server and one headless Chromium for all browser tests (starting them is the slow part);
/// every test gets its own browser context, so cookies and sign-ins never leak between tests.
/// </summary>
public sealed class StudioFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public StudioServer Server { get; } = new();

    /// <summary>Screenshots of the screens, next to the test binaries (never committed).</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        if (!Chromium.IsInstalled)
        {
            if (Chromium.IsRequired)
            {
                throw new InvalidOperationException(Chromium.MissingMessage);
            }

            return; // Every test is skipped (BrowserFact); nothing to start.
        }

        _ = Server.BaseAddress; // starts Kestrel: migrations, demo users, workflows/ import
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.ExecutablePath,
            Headless = true,
            Args = Chromium.Arguments,
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    /// <summary>A fresh browser context (no cookies) with a page on the server.</summary>
    public async Task<StudioPage> OpenAsync()
    {
        var browser = _browser ?? throw new InvalidOperationException(Chromium.MissingMessage);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Server.BaseAddress.ToString(),
            AcceptDownloads = true,
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        // Generous for a shared 2-core machine; nothing waits this long unless something is broken.
        context.SetDefaultTimeout(15_000);
        return new StudioPage(context, await context.NewPageAsync());
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await Server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class StudioTestGroup : ICollectionFixture<StudioFixture>
{
    public const string Name = "Studio";
}
