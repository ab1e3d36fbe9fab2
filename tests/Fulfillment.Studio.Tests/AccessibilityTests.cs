using Fulfillment.Server.Identity;
using Fulfillment.Studio.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Fulfillment.Studio.Tests;

/// <summary>Basics a screen reader and a keyboard need: named controls, landmarks, headings, focus.</summary>
[Collection(StudioTestGroup.Name)]
public sealed class AccessibilityTests(StudioFixture studio)
{
    // Every visible control whose accessible name would be empty: no aria-label, aria-labelledby,
    // <label>, title or text. Icon buttons are the usual offenders.
    private const string UnnamedControlsScript = """
        () => Array.from(document.querySelectorAll('button, a[href], input:not([type=hidden]), select, textarea, [role=button]'))
            .filter(el => el.offsetParent !== null)
            .filter(el => {
                const labelledBy = (el.getAttribute('aria-labelledby') || '').split(' ')
                    .map(id => document.getElementById(id)?.textContent ?? '').join('');
                const labels = el.labels ? Array.from(el.labels).map(l => l.textContent).join('') : '';
                const name = (el.getAttribute('aria-label') || '') + labelledBy + labels + (el.getAttribute('title') || '') + (el.textContent || '');
                return name.trim() === '';
            })
            .map(el => el.outerHTML.slice(0, 200))
        """;

    [BrowserFact]
    public async Task The_login_form_is_labelled_and_usable_with_the_keyboard_alone()
    {
        await using var studioPage = await studio.OpenAsync();
        var page = studioPage.Page;
        await page.GotoAsync("login");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Fulfillment Studio", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("E-mail")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(DemoUsers.AdminEmail);
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByLabel("Password")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(DemoUsers.Password);
        await page.Keyboard.PressAsync("Enter");

        await page.WaitForURLAsync("**/workflows");
        (await page.EvaluateAsync<string[]>(UnnamedControlsScript)).ShouldBeEmpty();
    }

    [BrowserFact]
    public async Task The_workflows_screen_has_landmarks_a_heading_and_only_named_controls()
    {
        await using var studioPage = await studio.OpenSignedInAsync(DemoUsers.AdminEmail);
        var page = studioPage.Page;

        await Assertions.Expect(page.GetByRole(AriaRole.Banner)).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Studio screens" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Main)).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Workflows", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Workflows" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Workflows" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Search workflows" })).ToBeVisibleAsync();

        (await page.EvaluateAsync<string[]>(UnnamedControlsScript)).ShouldBeEmpty();
    }

    [BrowserFact]
    public async Task The_create_dialog_is_a_labelled_dialog_with_named_fields()
    {
        await using var studioPage = await studio.OpenSignedInAsync(DemoUsers.AdminEmail);
        var page = studioPage.Page;

        await page.GetByRole(AriaRole.Button, new() { Name = "New workflow" }).ClickAsync();

        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "New workflow" });
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await Assertions.Expect(dialog.GetByRole(AriaRole.Textbox, new() { Name = "Id" })).ToBeFocusedAsync();
        await Assertions.Expect(dialog.GetByRole(AriaRole.Textbox, new() { Name = "Name" })).ToBeVisibleAsync();
        (await page.EvaluateAsync<string[]>(UnnamedControlsScript)).ShouldBeEmpty();

        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
    }
}
