using Fulfillment.Studio.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Fulfillment.Studio.Tests;

/// <summary>The KPI dashboard: managers land on it, it draws its charts, changes period, and downloads the quarterly report.</summary>
[Collection(StudioTestGroup.Name)]
public sealed class DashboardTests(StudioFixture studio)
{
    [BrowserFact]
    public async Task A_manager_lands_on_the_dashboard_sees_the_charts_changes_the_period_and_downloads_the_quarterly_csv()
    {
        await OrderScenario.PlaceAsync(studio.Server, OpsScenario.NewOrder());

        await using var manager = await studio.OpenSignedInAsync(OrderScenario.WarehouseManager);
        var page = manager.Page;
        await page.GotoAsync("/");
        await page.WaitForURLAsync("**/dashboard");
        await manager.WaitUntilInteractiveAsync();

        var stages = page.GetByTestId("chart-stages");
        await Assertions.Expect(stages.Locator("svg").First).ToBeVisibleAsync();
        await Assertions.Expect(stages.Locator("table tbody tr")).Not.ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("kpi-processing")).ToContainTextAsync("Order processing time");
        await Assertions.Expect(page.GetByTestId("kpi-accuracy")).ToContainTextAsync("Accuracy rate");
        await Assertions.Expect(page.GetByTestId("kpi-csat")).ToContainTextAsync("Customer satisfaction");
        await Assertions.Expect(page.GetByTestId("chart-overdue")).ToBeVisibleAsync();
        await manager.ScreenshotAsync("dashboard");

        await page.ChooseAsync("Period", "Last quarter");
        await Assertions.Expect(page.GetByTestId("chart-stages")).ToContainTextAsync("No order was placed in this period.");
        await page.ChooseAsync("Period", "Last 7 days");
        await Assertions.Expect(stages.Locator("svg").First).ToBeVisibleAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("quarterly-report").ClickAsync());
        download.SuggestedFilename.ShouldMatch(@"^fulfillment-\d{4}-Q[1-4]\.csv$");
        var lines = await File.ReadAllLinesAsync(await download.PathAsync());
        lines[0].ShouldStartWith("period,ordersPlaced,ordersShipped");
        lines.Length.ShouldBe(5); // header, three months, the quarter
    }
}
