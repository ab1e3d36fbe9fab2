using System.Security.Claims;
using Fulfillment.Messaging;
using Fulfillment.Operations.Inventory;
using Fulfillment.Operations.Kpis;
using Fulfillment.Operations.Model;
using Fulfillment.Operations.Orders;
using Fulfillment.Server.Identity;
using Fulfillment.Server.Studio;
using Fulfillment.Server.Studio.Pages.Dashboard;
using Fulfillment.Server.Studio.Pages.Inventory;
using Fulfillment.Server.Studio.Pages.Orders;
using Fulfillment.Server.Studio.Services;

namespace Fulfillment.Server.Tests.Studio;

/// <summary>What the orders, inventory and dashboard screens compute from the data they load.</summary>
public sealed class OrdersViewModelTests
{
    // Wednesday 25 November 2026, 10:00 UTC: in the fourth quarter.
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    private static readonly StockRow[] Stock =
    [
        Row("EL-1003", "Bluetooth Speaker", ProductCategory.Electronics, "CHI", "A-03", onHand: 2, reserved: 0),
        Row("EL-1003", "Bluetooth Speaker", ProductCategory.Electronics, "DAL", "A-03", onHand: 9, reserved: 4),
        Row("HD-3001", "Ceramic Vase", ProductCategory.HomeDecor, "CHI", "C-01", onHand: 18, reserved: 0),
        Row("CL-2001", "Cotton T-Shirt", ProductCategory.Clothing, "CHI", "B-01", onHand: 100, reserved: 5),
    ];

    [Fact]
    public void Stock_is_grouped_by_warehouse_in_the_services_order_then_by_shelf_with_totals_and_low_rows()
    {
        var board = StockBoard.Build(Stock, new StockFilter());

        board.Select(w => w.Code).ShouldBe(["CHI", "DAL"]);
        var chicago = board[0];
        chicago.Shelves.Select(s => s.Shelf).ShouldBe(["A", "B", "C"]);
        (chicago.OnHand, chicago.Reserved, chicago.LowRows).ShouldBe((120, 5, 1));
        board[1].LowRows.ShouldBe(1); // 9 on hand, 4 reserved: 5 available is low
        StockBoard.IsLow(Stock[3]).ShouldBeFalse();
    }

    [Fact]
    public void Stock_filters_by_warehouse_category_sku_or_name_and_low_stock()
    {
        Skus(StockBoard.Build(Stock, new StockFilter(Warehouse: "DAL"))).ShouldBe(["EL-1003"]);
        Skus(StockBoard.Build(Stock, new StockFilter(Category: ProductCategory.Clothing))).ShouldBe(["CL-2001"]);
        Skus(StockBoard.Build(Stock, new StockFilter(Search: " vase "))).ShouldBe(["HD-3001"]);
        Skus(StockBoard.Build(Stock, new StockFilter(Search: "el-10"))).ShouldBe(["EL-1003", "EL-1003"]);
        Skus(StockBoard.Build(Stock, new StockFilter(LowOnly: true))).ShouldBe(["EL-1003", "EL-1003"]);
        StockBoard.Build(Stock, new StockFilter(Warehouse: "SEA")).ShouldBeEmpty();
    }

    [Fact]
    public void Periods_roll_back_from_now_or_cover_calendar_quarters_and_name_the_quarter_to_download()
    {
        KpiPeriod.For(KpiPeriodChoice.Last7Days, Now).ShouldBe(new KpiPeriod(Now.AddDays(-7), Now, 2026, 4));
        KpiPeriod.For(KpiPeriodChoice.Last90Days, Now).From.ShouldBe(Now.AddDays(-90));
        KpiPeriod.For(KpiPeriodChoice.ThisQuarter, Now).ShouldBe(new KpiPeriod(new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero), Now, 2026, 4));
        KpiPeriod.For(KpiPeriodChoice.LastQuarter, Now)
            .ShouldBe(new KpiPeriod(new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero), 2026, 3));

        var january = new DateTimeOffset(2027, 1, 10, 8, 0, 0, TimeSpan.FromHours(2));
        var lastQuarter = KpiPeriod.For(KpiPeriodChoice.LastQuarter, january);
        (lastQuarter.From, lastQuarter.ReportYear, lastQuarter.ReportQuarter).ShouldBe((new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero), 2026, 4));
        lastQuarter.ReportHref.ShouldBe("api/reports/quarterly.csv?year=2026&quarter=4");
        lastQuarter.ReportFileName.ShouldBe("fulfillment-2026-Q4.csv");
    }

    [Fact]
    public void The_charts_leave_out_empty_stages_and_an_empty_chart_says_so()
    {
        var report = new KpiReport(Now.AddDays(-30), Now, Now,
            new DurationKpi(2, 36.25, 30), new DurationKpi(0, null, null), new AccuracyKpi(8, 1, 0.875), new SatisfactionKpi(3, 4.333, [0, 0, 1, 0, 2]),
            [new StageCount(OrderStatus.Received, 0), new StageCount(OrderStatus.ReadyForShipment, 3), new StageCount(OrderStatus.Cancelled, 1)],
            []);

        var stages = KpiCharts.OrdersByStage(report);
        stages.Labels.ShouldBe(["Ready for shipment", "Cancelled"]);
        stages.Values.ShouldBe([3d, 1d]);
        KpiCharts.OverdueByRole(report).IsEmpty.ShouldBeTrue();
        KpiCharts.SatisfactionScores(report).Labels.ShouldBe(["1 of 5", "2 of 5", "3 of 5", "4 of 5", "5 of 5"]);
        KpiCharts.SatisfactionScores(report).IsEmpty.ShouldBeFalse();
        KpiCharts.Hours(36.25).ShouldBe("36.3 h");
        KpiCharts.Hours(null).ShouldBe("—");
        KpiCharts.Percent(0.875).ShouldBe("87.5 %");
        KpiCharts.Score(4.333).ShouldBe("4.33 of 5");
    }

    [Fact]
    public void Orders_are_written_for_people()
    {
        OrderFormat.Words(nameof(OrderStatus.ReadyForShipment)).ShouldBe("Ready for shipment");
        OrderFormat.Words(nameof(OrderStatus.Received)).ShouldBe("Received");
        OrderFormat.Money(1234.5m, "USD").ShouldBe("1,234.50 USD");
        OrderFormat.Address(new Address { Line1 = "12 Analytical Row", City = "Chicago", PostalCode = "60601", Region = "IL", Country = "US" })
            .ShouldBe("12 Analytical Row, 60601 Chicago, IL, US");
        OrderFormat.Allocation(new LineAllocationView("CHI", "B-01", 3, ReservationStatus.Released)).ShouldBe("CHI B-01 × 3 (released)");
        OrderFormat.Instruction(new SpecialInstruction(SpecialInstructionKind.CustomizedMessage, "Happy birthday!")).ShouldBe("Customized message: Happy birthday!");
        OrderFormat.Size(2048).ShouldBe("2 KB");
    }

    [Fact]
    public void Only_e_mails_to_the_customer_count_as_customer_e_mails()
    {
        var toCustomer = new EmailPayload(["\"Ada Lovelace\" <Ada@Example.com>"], [], "We received order SO-1", "<p/>", "", "generic");
        var toStaff = new EmailPayload(["order-verification@demo.local"], [], "New task", "<p/>", "", "generic");

        CustomerEmails.IsAddressedTo(toCustomer, "ada@example.com").ShouldBeTrue();
        CustomerEmails.IsAddressedTo(toStaff, "ada@example.com").ShouldBeFalse();
    }

    [Fact]
    public void Managers_open_the_studio_on_the_dashboard_everyone_else_on_the_workflows()
    {
        StudioPaths.HomeFor(User(Roles.WarehouseManager)).ShouldBe("/dashboard");
        StudioPaths.HomeFor(User(Roles.CustomerServiceManager)).ShouldBe("/dashboard");
        StudioPaths.HomeFor(User(Roles.WarehouseStaff)).ShouldBe("/workflows");
        StudioPaths.HomeFor(User(Roles.Admin, Roles.ProcessOwner)).ShouldBe("/workflows");
    }

    private static ClaimsPrincipal User(params string[] roles) =>
        new(new ClaimsIdentity(roles.Select(r => new Claim(ClaimTypes.Role, r)), "Test"));

    private static List<string> Skus(IReadOnlyList<WarehouseStock> board) =>
        [.. board.SelectMany(w => w.Shelves).SelectMany(s => s.Rows).Select(r => r.Sku)];

    private static StockRow Row(string sku, string name, ProductCategory category, string warehouse, string location, int onHand, int reserved) =>
        new(sku, name, category, warehouse, warehouse + " warehouse", location, location[..1], onHand, reserved, onHand - reserved);
}
