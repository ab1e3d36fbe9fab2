using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Fulfillment.Studio.Tests.Infrastructure;

/// <summary>
/// One server and one headless Chromium for all browser tests (starting them is the slow part);
/// every test gets its own browser context, so cookies and sign-ins never leak between tests.
/// </summary>
public class StudioFixture : IAsyncLifetime
{
    // How long a browser action or expectation may wait. Generous for a shared 2-core machine where
    // a Blazor circuit can take seconds to start; nothing waits this long unless something is broken.
    private const int BrowserTimeoutMs = 30_000;

    // Per user, the browser storage (the Identity cookie) of one sign-in through the login form.
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _signedInStates = new(StringComparer.Ordinal);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public StudioFixture()
        : this(new StudioServer())
    {
    }

    protected StudioFixture(StudioServer server) => Server = server;

    public StudioServer Server { get; }

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
        // Expectations retry until they hold; they get the same time as actions (below).
        Assertions.SetDefaultExpectTimeout(BrowserTimeoutMs);
    }

    /// <summary>A fresh browser context (no cookies) with a page on the server.</summary>
    public Task<StudioPage> OpenAsync() => OpenAsync(storageState: null);

    /// <summary>
    /// A fresh browser context already signed in as <paramref name="email"/>, on the workflows list.
    /// The login form is used once per user; later contexts start with that sign-in's cookie.
    /// </summary>
    public async Task<StudioPage> OpenSignedInAsync(string email)
    {
        var signIn = _signedInStates.GetOrAdd(email, user => new Lazy<Task<string>>(() => SignInOnceAsync(user)));
        string state;
        try
        {
            state = await signIn.Value;
        }
        catch (Exception)
        {
            // A sign-in that failed (say, timed out on a busy machine) fails this test only: the next
            // test signs in again instead of getting the same failure.
            _signedInStates.TryRemove(new KeyValuePair<string, Lazy<Task<string>>>(email, signIn));
            throw;
        }

        var studioPage = await OpenAsync(state);
        await studioPage.Page.GotoAsync("workflows");
        await studioPage.WaitUntilInteractiveAsync();
        return studioPage;
    }

    private async Task<string> SignInOnceAsync(string email)
    {
        await using var signingIn = await OpenAsync();
        await signingIn.SignInAsync(email);
        return await signingIn.Page.Context.StorageStateAsync();
    }

    private async Task<StudioPage> OpenAsync(string? storageState)
    {
        var browser = _browser ?? throw new InvalidOperationException(Chromium.MissingMessage);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Server.BaseAddress.ToString(),
            AcceptDownloads = true,
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            StorageState = storageState,
        });
        context.SetDefaultTimeout(BrowserTimeoutMs);
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

/// <summary>
/// The Studio on a server of its own with the simulated clock, for tests that move business time
/// (carrier scans, the feedback delay) and count orders on the dashboard: the shared server keeps real time.
/// </summary>
public sealed class SimulatedClockStudioFixture() : StudioFixture(StudioServer.WithSimulatedClock());

// Not in parallel with the shared server's tests: the machine has two cores, and a second server plus
// browser beside them slows every test down.
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SimulatedClockStudioTestGroup : ICollectionFixture<SimulatedClockStudioFixture>
{
    public const string Name = "Studio with simulated clock";
}
