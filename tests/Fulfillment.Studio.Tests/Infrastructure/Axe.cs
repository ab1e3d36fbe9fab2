using System.Text.Json;
using Microsoft.Playwright;

namespace Fulfillment.Studio.Tests.Infrastructure;

/// <summary>
/// axe-core (from npm, copied next to the test binaries by Directory.Build.targets) run inside the
/// page: the accessibility rules of WCAG 2.x A and AA.
/// </summary>
public static class Axe
{
    private static readonly Lazy<string> Script = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "axe", "axe.min.js");
        return File.Exists(path)
            ? File.ReadAllText(path)
            : throw new FileNotFoundException($"{path} is missing: the build runs 'npm ci' in tests/Fulfillment.Studio.Tests and copies it (Directory.Build.targets).", path);
    });

    /// <summary>The serious and critical violations on the page as it is now, one line each (rule, impact, where).</summary>
    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe !== 'undefined'"))
        {
            await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = Script.Value });
        }

        var result = await page.EvaluateAsync<JsonElement>("""
            async () => {
                const results = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
                return results.violations
                    .filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map(n => n.html.slice(0, 160)).join(' | ')}`);
            }
            """);
        return result.EnumerateArray().Select(v => v.GetString()!).ToList();
    }
}
