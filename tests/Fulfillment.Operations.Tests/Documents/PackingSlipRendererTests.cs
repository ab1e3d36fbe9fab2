using Fulfillment.Operations.Carriers;
using Fulfillment.Operations.Documents;
using Fulfillment.Operations.Tests.Documents.Pdf;

namespace Fulfillment.Operations.Tests.Documents;

public sealed class PackingSlipRendererTests
{
    private static PackingSlipData Slip(IReadOnlyList<SpecialInstruction>? instructions = null) => new(
        "A-1001",
        new DateOnly(2026, 3, 2),
        Samples.Seller,
        "Jane Doe",
        Samples.Customer,
        ShippingMethod.SameDay,
        [
            new PackingSlipLine("HD-200", "Tea light (single)", 5, "C-03-1"),
            new PackingSlipLine("EL-100", "Wireless headphones", 3, "A-01-2"),
            new PackingSlipLine("XX-999", "Gift card", 1),
            new PackingSlipLine("CL-300", "Wool coat, navy (size M)", 1, "B-12-4"),
        ],
        instructions ??
        [
            new SpecialInstruction(SpecialInstructionKind.GiftWrap, "blue paper, no price tags"),
            new SpecialInstruction(SpecialInstructionKind.SpecialPackaging, "fragile: bubble wrap"),
            new SpecialInstruction(SpecialInstructionKind.CustomizedMessage, "Happy birthday, Sam! (love, J.)"),
        ],
        Warehouse: "Reno");

    [Fact]
    public void Lines_come_in_shelf_order_with_quantities_and_locations()
    {
        var slip = PackingSlipRenderer.Render(Slip());

        var strings = PdfFileReader.Read(slip.Pdf).AllStrings();
        var skus = strings.Where(s => s is "EL-100" or "CL-300" or "HD-200" or "XX-999").ToList();
        skus.ShouldBe(["EL-100", "CL-300", "HD-200", "XX-999"]);
        strings.ShouldContain("A-01-2");
        strings.ShouldContain("C-03-1");
        strings.ShouldContain("Total units");
        strings.ShouldContain("10");
        strings.ShouldContain("Same-day");
        slip.FileName.ShouldBe("packing-slip-A-1001.pdf");
    }

    [Fact]
    public void Special_instructions_are_printed_in_a_box_above_the_lines()
    {
        var strings = PdfFileReader.Read(PackingSlipRenderer.Render(Slip()).Pdf).AllStrings().ToList();

        var box = strings.IndexOf("SPECIAL INSTRUCTIONS");
        box.ShouldBeGreaterThan(0);
        box.ShouldBeLessThan(strings.IndexOf("EL-100"));
        strings.ShouldContain("• Gift wrap: blue paper, no price tags");
        strings.ShouldContain("• Special packaging: fragile: bubble wrap");
        strings.ShouldContain("• Customized message (print and enclose): Happy birthday, Sam! (love, J.)");
    }

    [Fact]
    public void Without_instructions_there_is_no_box_and_no_prices_anywhere()
    {
        var slip = PackingSlipRenderer.Render(Slip([]));

        var strings = PdfFileReader.Read(slip.Pdf).AllStrings();
        strings.ShouldNotContain("SPECIAL INSTRUCTIONS");
        strings.ShouldAllBe(s => !s.Contains('$'));
    }

    [Fact]
    public void The_text_variant_lists_instructions_and_lines_in_pick_order()
    {
        var text = PackingSlipRenderer.Render(Slip()).Text;

        text.ShouldContain("!! Gift wrap: blue paper, no price tags");
        text.IndexOf("EL-100", StringComparison.Ordinal).ShouldBeLessThan(text.IndexOf("CL-300", StringComparison.Ordinal));
        text.IndexOf("HD-200", StringComparison.Ordinal).ShouldBeLessThan(text.IndexOf("XX-999", StringComparison.Ordinal));
        text.ShouldContain("Total units: 10");
    }

    [Fact]
    public void A_line_without_quantity_is_refused_by_path()
    {
        var slip = Slip() with { Lines = [new PackingSlipLine("A", "a", 1), new PackingSlipLine("B", "b", 0)] };

        Should.Throw<InvalidDocumentDataException>(() => PackingSlipRenderer.Render(slip)).Path.ShouldBe("lines[1].quantity");
    }

    [Fact]
    public async Task Real_readers_open_the_packing_slip()
    {
        var pdf = PackingSlipRenderer.Render(Slip()).Pdf;

        (await ExternalPdfTools.QpdfCheckAsync(pdf)).ShouldContain("No syntax or stream encoding errors found");
        var text = await ExternalPdfTools.PdfToTextAsync(pdf);
        text.ShouldContain("PACKING SLIP");
        text.ShouldContain("Happy birthday, Sam!");
    }
}
