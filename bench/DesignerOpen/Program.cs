// Times opening a 100-activity workflow in the Studio designer: from the start of the navigation to
// the canvas having drawn every activity (the canvas module sets data-rendered-at, in ms since the
// navigation began). Runs the real server in-process and Debian's headless Chromium.
//
//   dotnet run -c Release --project bench/DesignerOpen [-- --runs 10 --activities 100]
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace DesignerOpen;

internal static class Benchmark
{
    private const string Admin = "admin@demo.local";
    private const string Password = "Demo!2345";
    private const int WarmUps = 2;

    public static async Task Main(string[] args)
    {
        // WebApplicationFactory finds the server's content root through MvcTestingAppManifest.json,
        // which it reads from the working directory: the build puts it next to this program.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        var runs = Option(args, "--runs", 10);
        var activityCount = Option(args, "--activities", 100);

        await using var server = new BenchmarkServer();
        var baseAddress = server.BaseAddress;
        var workflows = new[] { ("bench-placed", true), ("bench-unplaced", false) };
        await SaveWorkflowsAsync(baseAddress, workflows, activityCount);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var context = await browser.NewContextAsync(new() { BaseURL = baseAddress.ToString(), ViewportSize = new() { Width = 1600, Height = 1000 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("login");
        await page.GetByLabel("E-mail").FillAsync(Admin);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/workflows");

        Console.WriteLine($"{Environment.ProcessorCount} CPUs, load average {LoadAverage()}; {activityCount} activities; {runs} runs after {WarmUps} warm-ups");
        foreach (var (id, positioned) in workflows)
        {
            var opened = new List<(double Total, double Draw, double Cpu)>();
            for (var run = -WarmUps; run < runs; run++)
            {
                var cpuBefore = ProcessTreeCpu.Milliseconds();
                var serverBefore = ProcessTreeCpu.OwnMilliseconds();
                var (total, draw) = await OpenAsync(page, id, activityCount);
                var cpu = ProcessTreeCpu.Milliseconds() - cpuBefore;
                Console.WriteLine($"  {id} run {run}: {total} ms, drawing {draw} ms, CPU {cpu} ms of which server {ProcessTreeCpu.OwnMilliseconds() - serverBefore} ms");
                if (run >= 0)
                {
                    opened.Add((total, draw, cpu));
                }
            }

            var totals = opened.Select(o => o.Total).Order().ToList();
            var draws = opened.Select(o => o.Draw).Order().ToList();
            var cpus = opened.Select(o => o.Cpu).Order().ToList();
            Console.WriteLine(
                $"{id} ({(positioned ? "saved positions" : "auto-layout")}): navigation → drawn median {Median(totals)} ms " +
                $"(min {totals[0]}, max {totals[^1]}); of which the canvas drawing median {Median(draws)} ms; " +
                $"CPU time of server + browser median {Median(cpus)} ms");
        }
    }

    /// <summary>The workflows, saved as drafts through the API like any client would.</summary>
    private static async Task SaveWorkflowsAsync(Uri baseAddress, IEnumerable<(string Id, bool Positioned)> workflows, int activityCount)
    {
        using var http = new HttpClient { BaseAddress = baseAddress };
        using var login = await http.PostAsJsonAsync(new Uri("api/auth/login", UriKind.Relative), new { email = Admin, password = Password });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        foreach (var (id, positioned) in workflows)
        {
            using var content = JsonContent.Create(GeneratedWorkflow.Create(id, activityCount, positioned));
            using var saved = await http.PutAsync(new Uri($"api/workflows/{id}", UriKind.Relative), content);
            saved.EnsureSuccessStatusCode();
        }
    }

    /// <summary>One full navigation to the designer; the milliseconds until drawn, and of those, drawing.</summary>
    private static async Task<(double Total, double Draw)> OpenAsync(IPage page, string id, int activityCount)
    {
        await page.GotoAsync($"workflows/{id}/designer");
        var canvas = page.Locator("[data-testid='canvas'][data-rendered]");
        await canvas.WaitForAsync(new() { Timeout = 60_000 });
        var drawn = int.Parse((await canvas.GetAttributeAsync("data-rendered"))!, CultureInfo.InvariantCulture);
        if (drawn != activityCount)
        {
            throw new InvalidOperationException($"The canvas drew {drawn} activities, not {activityCount}.");
        }

        return (Number(await canvas.GetAttributeAsync("data-rendered-at")), Number(await canvas.GetAttributeAsync("data-draw-ms")));
    }

    private static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;

    private static double Number(string? text) => double.Parse(text!, CultureInfo.InvariantCulture);

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
