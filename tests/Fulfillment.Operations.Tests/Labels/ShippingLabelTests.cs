using System.Globalization;
using System.Text.RegularExpressions;
using Fulfillment.Operations.Labels;
using Fulfillment.Operations.Tests.Documents.Pdf;

namespace Fulfillment.Operations.Tests.Labels;

public sealed partial class ShippingLabelTests
{
    [Fact]
    public void The_PDF_label_is_one_4x6_inch_page_with_the_addresses_and_shipment_facts()
    {
        var file = PdfFileReader.Read(PdfShippingLabel.Render(LabelSamples.Label()));

        file.Pages.Count.ShouldBe(1);
        file.MediaBoxOf(0).ShouldBe((288d, 432d));
        var strings = file.AllStrings();
        strings.ShouldContain("SIMULATED CARRIER");
        strings.ShouldContain("EXPRESS");
        strings.ShouldContain("FULFILLMENT RETURNS");
        strings.ShouldContain("JANE DOE");
        strings.ShouldContain("SPRINGFIELD, IL 62704");
        strings.ShouldContain("2.50 KG");
        strings.ShouldContain("2026-03-02");
        strings.ShouldContain("A-1001");
        strings.ShouldContain("IL 627");
        strings.ShouldContain("SIM100200300405");
    }

    [Theory]
    [InlineData("SIM100200300405")]
    [InlineData("1Z999AA10123456784")]
    [InlineData("TRACK-ABC-7")]
    public void The_bars_drawn_in_the_PDF_decode_back_to_the_tracking_number(string trackingNumber)
    {
        var content = PdfContent.Parse(PdfFileReader.Read(PdfShippingLabel.Render(LabelSamples.Label(trackingNumber))).ContentOf(0));

        var widths = LabelDrawing.BarcodeWidths(content);

        Code128Decoder.DecodeWidths(widths).ShouldBe(trackingNumber);
    }

    [Fact]
    public void The_barcode_keeps_a_quiet_zone_of_ten_modules_inside_the_label()
    {
        var content = PdfContent.Parse(PdfFileReader.Read(PdfShippingLabel.Render(LabelSamples.Label("1Z999AA10123456784"))).ContentOf(0));
        var bars = content.Rectangles.Where(r => r.Height > 30 && r.Color == (0, 0, 0)).GroupBy(r => (r.Y, r.Height)).MaxBy(g => g.Count())!.ToList();
        var module = bars.Min(b => b.Width);

        bars.Min(b => b.X).ShouldBeGreaterThanOrEqualTo(10 * module);
        (288 - bars.Max(b => b.X + b.Width)).ShouldBeGreaterThanOrEqualTo(10 * module);
    }

    [Fact]
    public void The_QR_modules_drawn_in_the_PDF_are_QRCoders_matrix_for_the_tracking_URL()
    {
        var label = LabelSamples.Label();
        var content = PdfContent.Parse(PdfFileReader.Read(PdfShippingLabel.Render(label)).ContentOf(0));

        var drawn = LabelDrawing.QrMatrix(content);

        var expected = QrCodeMatrix.Encode(label.TrackingUrl);
        drawn.GetLength(0).ShouldBe(expected.Size);
        for (var row = 0; row < expected.Size; row++)
        {
            for (var column = 0; column < expected.Size; column++)
            {
                drawn[row, column].ShouldBe(expected[row, column], $"module ({row}, {column})");
            }
        }
    }

    [Fact]
    public async Task A_real_scanner_reads_both_codes_from_the_printed_PDF()
    {
        var label = LabelSamples.Label();

        var symbols = await BarcodeScanner.ScanAsync(PdfShippingLabel.Render(label));

        symbols.ShouldBe(["QR-Code:" + label.TrackingUrl, "CODE-128:" + label.TrackingNumber], ignoreOrder: true);
    }

    [Fact]
    public async Task Real_readers_open_the_PDF_label()
    {
        var pdf = PdfShippingLabel.Render(LabelSamples.Label());

        (await ExternalPdfTools.QpdfCheckAsync(pdf)).ShouldContain("No syntax or stream encoding errors found");
        var text = await ExternalPdfTools.PdfToTextAsync(pdf);
        text.ShouldContain("SHIP TO:");
        text.ShouldContain("SIM100200300405");
    }

    [Fact]
    public void The_ZPL_label_is_a_well_formed_203_dpi_4x6_format()
    {
        var zpl = ZplShippingLabel.Render(LabelSamples.Label());

        zpl.ShouldStartWith("^XA");
        zpl.TrimEnd().ShouldEndWith("^XZ");
        var commands = ZplCommands(zpl);
        commands.ShouldContain("PW812");
        commands.ShouldContain("LL1218");
        commands.ShouldContain("CI28");
        commands.Count(c => c.StartsWith("FD", StringComparison.Ordinal)).ShouldBe(commands.Count(c => c == "FS") - commands.Count(c => c.StartsWith("GB", StringComparison.Ordinal)));

        // Every field opens with ^FO inside the label and closes with ^FS before the next one opens.
        string? open = null;
        foreach (var command in commands)
        {
            if (command.StartsWith("FO", StringComparison.Ordinal))
            {
                open.ShouldBeNull($"^{open} is not closed by ^FS");
                open = command;
                var position = command[2..].Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
                position[0].ShouldBeInRange(0, 811);
                position[1].ShouldBeInRange(0, 1217);
            }
            else if (command == "FS")
            {
                open.ShouldNotBeNull("^FS without a field");
                open = null;
            }
        }

        open.ShouldBeNull();
    }

    [Fact]
    public void The_ZPL_label_has_the_tracking_barcode_the_QR_code_and_the_text_blocks()
    {
        var label = LabelSamples.Label();
        var fields = ZplFields(ZplShippingLabel.Render(label));

        fields.ShouldContain(f => f.Commands.Any(c => c.StartsWith("BCN,200,Y,N,N", StringComparison.Ordinal)) && f.Data == label.TrackingNumber);
        fields.ShouldContain(f => f.Commands.Any(c => c.StartsWith("BQN,2,", StringComparison.Ordinal)) && f.Data == "MA," + label.TrackingUrl);
        var text = fields.Select(f => f.Data).ToList();
        text.ShouldContain("SHIP TO:");
        text.ShouldContain("JANE DOE");
        text.ShouldContain("12 ELM STREET");
        text.ShouldContain("SPRINGFIELD, IL 62704");
        text.ShouldContain("FROM:");
        text.ShouldContain("200 DOCK ROAD");
        text.ShouldContain("EXPRESS");
        text.ShouldContain("2.50 KG");
        text.ShouldContain("A-1001");
    }

    [Fact]
    public void Caret_tilde_and_underscore_in_addresses_are_hex_escaped_so_they_cannot_become_commands()
    {
        var label = LabelSamples.Label() with { ShipTo = LabelSamples.Label().ShipTo with { Name = "Evil ^XZ~JR_Name" } };

        var zpl = ZplShippingLabel.Render(label);

        zpl.ShouldContain("^FH^FDEVIL _5EXZ_7EJR_5FNAME^FS");
        ZplCommands(zpl).Count(c => c == "XZ").ShouldBe(1);
    }

    [Fact]
    public void A_long_tracking_number_gets_narrower_modules_so_the_barcode_stays_on_the_label()
    {
        var trackingNumber = "LONG-" + new string('X', 40);

        var barcode = ZplFields(ZplShippingLabel.Render(LabelSamples.Label(trackingNumber))).Single(f => f.Data == trackingNumber);

        var moduleDots = int.Parse(barcode.Commands.Single(c => c.StartsWith("BY", StringComparison.Ordinal))[2..].Split(',')[0], CultureInfo.InvariantCulture);
        var x = int.Parse(barcode.Commands.Single(c => c.StartsWith("FO", StringComparison.Ordinal))[2..].Split(',')[0], CultureInfo.InvariantCulture);
        (x + Code128.Encode(trackingNumber).Modules.Length * moduleDots).ShouldBeLessThanOrEqualTo(812);
        moduleDots.ShouldBeLessThan(3);
    }

    [Theory]
    [InlineData("SIM>123")]
    [InlineData("SIM 123")]
    [InlineData("")]
    public void Tracking_numbers_are_letters_digits_and_hyphens(string trackingNumber)
    {
        Should.Throw<ArgumentException>(() => ZplShippingLabel.Render(LabelSamples.Label() with { TrackingNumber = trackingNumber }));
        Should.Throw<ArgumentException>(() => PdfShippingLabel.Render(LabelSamples.Label() with { TrackingNumber = trackingNumber }));
    }

    private sealed record ZplField(IReadOnlyList<string> Commands, string Data);

    // Commands without their caret, e.g. "FO30,25", "FDJANE DOE", "FS".
    private static List<string> ZplCommands(string zpl) =>
        [.. zpl.Split('^', StringSplitOptions.RemoveEmptyEntries).Select(c => c.TrimEnd('\n'))];

    private static List<ZplField> ZplFields(string zpl)
    {
        var fields = new List<ZplField>();
        var current = new List<string>();
        foreach (var command in ZplCommands(zpl))
        {
            if (command == "FS")
            {
                // Graphic boxes (^GB) are fields without data.
                var data = current.SingleOrDefault(c => c.StartsWith("FD", StringComparison.Ordinal))?[2..] ?? "";
                fields.Add(new ZplField([.. current], current.Contains("FH") ? HexEscape().Replace(data, m => ((char)Convert.ToByte(m.Groups[1].Value, 16)).ToString()) : data));
                current.Clear();
            }
            else if (command.StartsWith("FO", StringComparison.Ordinal) || current.Count > 0)
            {
                current.Add(command);
            }
        }

        return fields;
    }

    [GeneratedRegex("_([0-9A-Fa-f]{2})")]
    private static partial Regex HexEscape();
}
