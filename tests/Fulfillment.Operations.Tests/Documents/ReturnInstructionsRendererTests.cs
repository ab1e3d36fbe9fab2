using Fulfillment.Operations.Documents;
using Fulfillment.Operations.Tests.Documents.Pdf;

namespace Fulfillment.Operations.Tests.Documents;

public sealed class ReturnInstructionsRendererTests
{
    private static ReturnInstructionsData Instructions(DateOnly? deliveredOn = null, string? rma = "RMA-77") => new(
        "A-1001",
        "Jane Doe",
        Samples.Seller,
        Samples.Warehouse,
        new DateOnly(2026, 3, 10),
        new ReturnPolicy(WindowDays: 30, RefundBusinessDays: 5),
        RmaNumber: rma,
        DeliveredOn: deliveredOn,
        Items: [new ReturnItem("CL-300", "Wool coat, navy (size M)", 1, "Too small")]);

    [Fact]
    public void After_delivery_the_instructions_give_the_deadline_the_RMA_and_the_return_address()
    {
        var rendered = ReturnInstructionsRenderer.Render(Instructions(new DateOnly(2026, 3, 5)));

        var strings = PdfFileReader.Read(rendered.Pdf).AllStrings();
        rendered.FileName.ShouldBe("return-instructions-RMA-77.pdf");
        strings.ShouldContain("Return authorisation (RMA): RMA-77");
        strings.ShouldContain("Order number: A-1001");
        strings.ShouldContain("Return by: April 4, 2026");
        strings.ShouldContain("Write RMA-77 on the outside of the parcel.");
        strings.ShouldContain("Too small");
        strings.ShouldContain("200 Dock Road");
        strings.ShouldContain("Reno, NV 89501");
        foreach (var number in Enumerable.Range(1, 5))
        {
            strings.ShouldContain($"{number}.");
        }
    }

    [Fact]
    public void Before_delivery_the_window_is_relative_and_the_order_number_is_the_reference()
    {
        var rendered = ReturnInstructionsRenderer.Render(Instructions(rma: null));

        rendered.FileName.ShouldBe("return-instructions-A-1001.pdf");
        rendered.Text.ShouldContain("3. Write A-1001 clearly on the outside of the parcel.");
        rendered.Text.ShouldContain("within 30 days of delivery");
        rendered.Text.ShouldNotContain("Return by");
        rendered.Text.ShouldContain("refund the original payment method within 5 business days");
    }

    [Fact]
    public void Custom_steps_replace_the_standard_ones()
    {
        var rendered = ReturnInstructionsRenderer.Render(Instructions() with { Steps = ["Call us first.", "Then ship it."] });

        rendered.Text.ShouldContain("1. Call us first.\n".ReplaceLineEndings());
        rendered.Text.ShouldContain("2. Then ship it.");
        rendered.Text.ShouldNotContain("3. ");
    }

    [Fact]
    public void A_return_window_of_zero_days_is_refused()
    {
        Should.Throw<InvalidDocumentDataException>(() => ReturnInstructionsRenderer.Render(Instructions() with { Policy = new ReturnPolicy(0) }))
            .Path.ShouldBe("policy.windowDays");
    }

    [Fact]
    public async Task Real_readers_open_the_return_instructions()
    {
        var pdf = ReturnInstructionsRenderer.Render(Instructions(new DateOnly(2026, 3, 5))).Pdf;

        (await ExternalPdfTools.QpdfCheckAsync(pdf)).ShouldContain("No syntax or stream encoding errors found");
        var text = await ExternalPdfTools.PdfToTextAsync(pdf);
        text.ShouldContain("Return instructions");
        text.ShouldContain("RMA-77");
        text.ShouldContain("April 4, 2026");
    }
}
