// Times opening a 100-activity workflow in the Studio designer: from the start of the navigation to
// the canvas having drawn every activity (the canvas module sets data-rendered-at, in ms since the
// navigation began). Runs the real server in-process and Debian's headless Chromium.
//
//   dotnet run -c Release --project bench/DesignerOpen [-- --runs 10 --warmups 30 --activities 100]
//
// Reports two figures per workflow, because they differ by a factor and both are real: cold, the very
// first opening after the server started (what the first user after a deployment waits), and warm,
// the steady state once the server's code has been compiled to its final tier (the JIT needs some
// twenty openings for that: the server's CPU per opening falls from ~1.5 s to ~0.3 s over them).
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace DesignerOpen;

internal static class Benchmark
{
    private const string Admin = "admin@demo.local";
    private const string Password = "Demo!2345";

    public static async Task Main(string[] args)
    {
        // WebApplicationFactory finds the server's content root through MvcTestingAppManifest.json,
        // which it reads from the working directory: the build puts it next to this program.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        var runs = Option(args, "--runs", 10);
        var warmUps = Option(args, "--warmups", 30);
        var activityCount = Option(args, "--activities", 100);

        await using var server = new BenchmarkServer();
        var baseAddress = server.BaseAddress;
        (string Id, bool Positioned)[] workflows = [("bench-placed", true), ("bench-unplaced", false)];
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

        Console.WriteLine($"{Environment.ProcessorCount} CPUs, load average {LoadAverage()}; {activityCount} activities; {runs} runs after {warmUps} warm-ups");

        // Cold: nothing has opened the designer since the server started.
        var cold = new List<(string Id, Opening Opening)>();
        foreach (var (id, _) in workflows)
        {
            cold.Add((id, await MeasureAsync(page, id, activityCount, "cold")));
        }

        // The warm-ups alternate the workflows, like the measured runs that follow; each is printed,
        // so where the server's CPU per opening settles can be read off the output.
        for (var warmUp = 0; warmUp < warmUps; warmUp++)
        {
            await MeasureAsync(page, workflows[warmUp % workflows.Length].Id, activityCount, $"warm-up {warmUp + 1}");
        }

        var warm = workflows.ToDictionary(w => w.Id, _ => new List<Opening>());
        for (var run = 0; run < runs; run++)
        {
            foreach (var (id, _) in workflows)
            {
                warm[id].Add(await MeasureAsync(page, id, activityCount, $"run {run + 1}"));
            }
        }

        Console.WriteLine($"Load average at the end {LoadAverage()}");
        foreach (var (id, positioned) in workflows)
        {
            var first = cold.Single(c => c.Id == id).Opening;
            var totals = warm[id].Select(o => o.Total).Order().ToList();
            Console.WriteLine(
                $"{id} ({(positioned ? "saved positions" : "auto-layout")}): " +
                $"cold {first.Total} ms (drawing {first.Draw} ms, server CPU {first.ServerCpu} ms); " +
                $"warm median {Median(totals)} ms (min {totals[0]}, max {totals[^1]}), " +
                $"drawing median {Median(warm[id].Select(o => o.Draw))} ms, " +
                $"CPU of server + browser median {Median(warm[id].Select(o => o.Cpu))} ms, of which server {Median(warm[id].Select(o => o.ServerCpu))} ms");
        }
    }

    /// <summary>One opening, measured and printed.</summary>
    private static async Task<Opening> MeasureAsync(IPage page, string id, int activityCount, string label)
    {
        var cpuBefore = ProcessTreeCpu.Milliseconds();
        var serverBefore = ProcessTreeCpu.OwnMilliseconds();
        var (total, draw) = await OpenAsync(page, id, activityCount);
        var opening = new Opening(total, draw, ProcessTreeCpu.Milliseconds() - cpuBefore, ProcessTreeCpu.OwnMilliseconds() - serverBefore);
        Console.WriteLine($"  {id} {label}: {opening.Total} ms, drawing {opening.Draw} ms, CPU {opening.Cpu} ms of which server {opening.ServerCpu} ms");
        return opening;
    }

    private sealed record Opening(double Total, double Draw, double Cpu, double ServerCpu);

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

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static double Number(string? text) => double.Parse(text!, CultureInfo.InvariantCulture);

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
