using System.Text;
using Fulfillment.Operations.Documents.Pdf;

namespace Fulfillment.Operations.Tests.Documents.Pdf;

public sealed class PdfDocumentTests
{
    [Fact]
    public void A_document_without_pages_is_refused()
    {
        Should.Throw<InvalidOperationException>(() => new PdfDocument().ToArray());
    }

    [Fact]
    public void Every_object_is_reachable_through_the_xref_table_at_its_exact_offset()
    {
        var pdf = TwoPageSample().ToArray();

        var file = PdfFileReader.Read(pdf);

        file.Pages.Count.ShouldBe(2);
        file.MediaBoxOf(0).ShouldBe((612d, 792d));
        file.MediaBoxOf(1).ShouldBe((288d, 432d));
        file.FontsOf(0).ShouldBe(new Dictionary<string, string> { ["F1"] = "Helvetica", ["F2"] = "Helvetica-Bold" });
        file.Dictionary(file.Trailer["Info"])["Title"].ShouldBeOfType<PdfString>();
    }

    [Fact]
    public void The_test_reader_notices_an_xref_offset_that_is_off_by_one_byte()
    {
        var pdf = TwoPageSample().ToArray();
        var text = Encoding.ASCII.GetString(pdf);
        var entry = text.IndexOf(" 00000 n \n", text.IndexOf("xref\n", StringComparison.Ordinal), StringComparison.Ordinal) - 10;
        var corrupted = (byte[])pdf.Clone();
        corrupted[entry + 9]++;

        Should.Throw<InvalidDataException>(() => PdfFileReader.Read(corrupted)).Message.ShouldContain("lands on");
    }

    [Fact]
    public void Coordinates_are_given_from_the_top_left_and_written_from_the_bottom_left()
    {
        var document = new PdfDocument();
        document.AddPage(PdfPageSize.Letter)
            .DrawText("Baseline", 72, 100, PdfFont.Helvetica, 12)
            .FillRectangle(10, 20, 30, 40, PdfColor.Gray(0.5));

        var content = PdfContent.Parse(PdfFileReader.Read(document.ToArray()).ContentOf(0));

        content.Text.ShouldHaveSingleItem().ShouldBe(new PdfTextRun("F1", 12, 72, 692, "Baseline"));
        content.Rectangles.ShouldHaveSingleItem().ShouldBe(new PdfFilledRectangle(10, 732, 30, 40, (0.5, 0.5, 0.5)));
    }

    [Theory]
    [InlineData("Parentheses (nested (twice)) and a \\ backslash")]
    [InlineData("Café crème, Zürich, São Paulo – €12.50 “quoted” • ™")]
    [InlineData("Unbalanced ) first ( then")]
    public void Text_round_trips_through_escaping_and_WinAnsi(string text)
    {
        var document = new PdfDocument();
        document.AddPage(PdfPageSize.A4).DrawText(text, 50, 50, PdfFont.HelveticaBold, 10);

        var file = PdfFileReader.Read(document.ToArray());

        PdfContent.Parse(file.ContentOf(0)).Text.ShouldHaveSingleItem().Text.ShouldBe(text);
        file.ContentOf(0).ShouldAllBe(c => c < 128);
    }

    [Fact]
    public void Characters_the_standard_fonts_cannot_show_become_question_marks()
    {
        var document = new PdfDocument();
        document.AddPage(PdfPageSize.A4).DrawText("Box 📦 東京\tend", 50, 50, PdfFont.Helvetica, 10);

        var text = PdfContent.Parse(PdfFileReader.Read(document.ToArray()).ContentOf(0)).Text.Single().Text;

        text.ShouldBe("Box ? ?? end");
    }

    [Fact]
    public void The_same_drawing_gives_the_same_bytes()
    {
        TwoPageSample().ToArray().ShouldBe(TwoPageSample().ToArray());
    }

    [Fact]
    public void Text_is_measured_with_the_fonts_metrics_for_alignment()
    {
        PdfFont.Helvetica.MeasureWidth("Hello", 10).ShouldBe(22.78, 0.001);       // H 722 e 556 l 222 l 222 o 556
        PdfFont.HelveticaBold.MeasureWidth("Hello", 10).ShouldBe(24.45, 0.001);   // H 722 e 556 l 278 l 278 o 611
        PdfFont.Helvetica.MeasureWidth("é", 10).ShouldBe(PdfFont.Helvetica.MeasureWidth("e", 10));

        var document = new PdfDocument();
        document.AddPage(PdfPageSize.Letter)
            .DrawText("Hello", 200, 100, PdfFont.Helvetica, 10, PdfTextAlign.Right)
            .DrawText("Hello", 200, 120, PdfFont.Helvetica, 10, PdfTextAlign.Center);

        var runs = PdfContent.Parse(PdfFileReader.Read(document.ToArray()).ContentOf(0)).Text;
        runs[0].X.ShouldBe(200 - 22.78, 0.001);
        runs[1].X.ShouldBe(200 - 22.78 / 2, 0.001);
    }

    [Fact]
    public void Wrapping_keeps_every_line_within_the_width_and_breaks_overlong_words()
    {
        const string text = "Please pack the items in their original packaging and include this page.\nThen: https://example.com/a-very-long-path-that-cannot-fit";

        var lines = PdfFont.Helvetica.Wrap(text, 10, 120);

        lines.ShouldAllBe(l => PdfFont.Helvetica.MeasureWidth(l, 10) <= 120);
        string.Concat(lines).Replace(" ", "", StringComparison.Ordinal)
            .ShouldBe(text.Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal));
        lines.ShouldContain("Then:");
    }

    [Theory]
    [InlineData(0, 100)]
    [InlineData(100, -1)]
    [InlineData(20000, 100)]
    public void Page_sizes_outside_what_readers_accept_are_refused(double width, double height)
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new PdfDocument().AddPage(new PdfPageSize(width, height)));
    }

    [Fact]
    public async Task Qpdf_finds_no_structural_problem()
    {
        var output = await ExternalPdfTools.QpdfCheckAsync(TwoPageSample().ToArray());

        output.ShouldContain("No syntax or stream encoding errors found");
    }

    [Fact]
    public async Task Poppler_reads_the_text_and_the_title()
    {
        var pdf = TwoPageSample().ToArray();

        var text = await ExternalPdfTools.PdfToTextAsync(pdf);
        var info = (await ExternalPdfTools.PdfInfoAsync(pdf)).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(':', 2)).ToDictionary(pair => pair[0], pair => pair[1].Trim());

        text.ShouldContain("Invoice (draft) for Café Müller – €12.50");
        text.ShouldContain("Second page");
        info["Title"].ShouldBe("Prüfbericht \\ (1)");
        info["Pages"].ShouldBe("2");
        info["PDF version"].ShouldBe("1.4");
    }

    private static PdfDocument TwoPageSample()
    {
        var document = new PdfDocument { Title = "Prüfbericht \\ (1)" };
        document.AddPage(PdfPageSize.Letter)
            .DrawText("Invoice (draft) for Café Müller – €12.50", 72, 72, PdfFont.HelveticaBold, 14)
            .DrawLine(72, 80, 540, 80, 0.5)
            .FillRectangle(72, 90, 468, 20, PdfColor.LightGray)
            .StrokeRectangle(72, 90, 468, 20);
        document.AddPage(PdfPageSize.Label4x6).DrawText("Second page", 20, 30, PdfFont.Helvetica, 10);
        return document;
    }
}
