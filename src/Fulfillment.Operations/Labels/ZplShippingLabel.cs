using System.Globalization;
using System.Text;
using Fulfillment.Operations.Carriers;

namespace Fulfillment.Operations.Labels;

/// <summary>
/// A 4 × 6 inch shipping label in ZPL II for 203 dpi thermal printers (812 × 1218 dots): ship-from
/// and ship-to blocks, service, weight, ship date and reference, a Code 128 barcode of the tracking
/// number (<c>^BC</c>, subsets chosen by the printer) and a QR code of the tracking URL (<c>^BQ</c>).
/// Field data is UTF-8 (<c>^CI28</c>) with <c>^</c>, <c>~</c> and <c>_</c> hex-escaped (<c>^FH</c>),
/// so no address can inject printer commands.
/// </summary>
public static class ZplShippingLabel
{
    public const int Dpi = 203;
    public const int WidthDots = 812;
    public const int HeightDots = 1218;

    private const int Margin = 30;
    private const int QrSideDots = 230;

    public static string Render(LabelData label)
    {
        ArgumentNullException.ThrowIfNull(label);
        LabelText.EnsurePrintableTrackingNumber(label.TrackingNumber);
        var zpl = new StringBuilder();
        zpl.Append("^XA\n^CI28\n").Append(CultureInfo.InvariantCulture, $"^PW{WidthDots}\n^LL{HeightDots}\n").Append("^LH0,0\n");

        // Ship from (small), carrier and service (large, reversed out of a black box).
        Text(zpl, Margin, 25, 20, "FROM:");
        var y = 50;
        foreach (var line in LabelText.Address(label.ShipFrom).Take(5))
        {
            Text(zpl, Margin, y, 22, line, maxWidth: 450);
            y += 26;
        }

        Text(zpl, 500, 25, 30, label.CarrierName.ToUpperInvariant(), maxWidth: WidthDots - 500 - Margin);
        Box(zpl, 500, 65, WidthDots - 500 - Margin, 110, thickness: 110);
        zpl.Append(CultureInfo.InvariantCulture, $"^FO500,95^FR^A0N,56,56^FB{WidthDots - 500 - Margin},1,0,C^FH^FD{Escape(label.ServiceName.ToUpperInvariant())}^FS\n");
        Rule(zpl, 200);

        // Ship to.
        Text(zpl, Margin, 215, 24, "SHIP TO:");
        var shipTo = LabelText.Address(label.ShipTo);
        Text(zpl, Margin, 250, 48, shipTo[0], maxWidth: WidthDots - 2 * Margin);
        y = 310;
        foreach (var line in shipTo.Skip(1).Take(5))
        {
            Text(zpl, Margin, y, 36, line, maxWidth: WidthDots - 2 * Margin);
            y += 42;
        }

        if (label.SortCode is not null)
        {
            Text(zpl, 560, 215, 24, "SORT");
            Text(zpl, 560, 245, 60, label.SortCode, maxWidth: WidthDots - 560 - Margin);
        }

        Rule(zpl, 540);

        // Weight, ship date, reference.
        (string Caption, string Value)[] facts = [("WEIGHT", LabelText.Weight(label.WeightKg)), ("SHIP DATE", LabelText.ShipDate(label.ShipDate)), ("REF", label.Reference)];
        for (var i = 0; i < facts.Length; i++)
        {
            var x = Margin + i * 260;
            Text(zpl, x, 555, 20, facts[i].Caption);
            Text(zpl, x, 580, 32, facts[i].Value, maxWidth: 230);
        }

        Rule(zpl, 630);

        // Tracking barcode, centred; ^BC prints the human-readable line below it.
        // Whole dots per module (3 when it fits, narrower for long numbers), with ten modules of quiet zone each side.
        var modules = Code128.Encode(label.TrackingNumber).Modules.Length;
        var moduleDots = Math.Clamp((WidthDots - 2 * Margin) / (modules + 20), 1, 3);
        var barcodeX = (WidthDots - modules * moduleDots) / 2;
        Text(zpl, Margin, 645, 22, "TRACKING #");
        zpl.Append(CultureInfo.InvariantCulture, $"^FO{barcodeX},685^BY{moduleDots},3,200^BCN,200,Y,N,N,A^FD{label.TrackingNumber}^FS\n");
        Rule(zpl, 940);

        // QR code of the tracking URL: model 2, error correction M, automatic input mode ("MA,").
        Text(zpl, Margin, 965, 26, "SCAN TO TRACK");
        zpl.Append(CultureInfo.InvariantCulture, $"^FO{Margin},1005^A0N,22,22^FB480,5,4,L^FH^FD{Escape(label.TrackingUrl)}^FS\n");
        // Magnification: the largest whole number of dots per module that keeps the symbol within its corner.
        var magnification = Math.Clamp(QrSideDots / QrCodeMatrix.Encode(label.TrackingUrl).Size, 1, 10);
        zpl.Append(CultureInfo.InvariantCulture, $"^FO560,955^BQN,2,{magnification}^FH^FDMA,{Escape(label.TrackingUrl)}^FS\n");
        zpl.Append("^XZ\n");
        return zpl.ToString();
    }

    private static void Text(StringBuilder zpl, int x, int y, int height, string text, int? maxWidth = null)
    {
        // ^FB with one line keeps long text inside the label instead of running off its edge.
        var block = maxWidth is { } width ? $"^FB{width},1,0,L" : "";
        zpl.Append(CultureInfo.InvariantCulture, $"^FO{x},{y}^A0N,{height},{height}{block}^FH^FD{Escape(text)}^FS\n");
    }

    private static void Rule(StringBuilder zpl, int y) => Box(zpl, 0, y, WidthDots, 4, thickness: 4);

    private static void Box(StringBuilder zpl, int x, int y, int width, int height, int thickness) =>
        zpl.Append(CultureInfo.InvariantCulture, $"^FO{x},{y}^GB{width},{height},{thickness}^FS\n");

    /// <summary>Hex-escapes the characters ZPL would read as command prefixes (and the ^FH escape character itself).</summary>
    internal static string Escape(string text) => text
        .Replace("_", "_5F", StringComparison.Ordinal)
        .Replace("^", "_5E", StringComparison.Ordinal)
        .Replace("~", "_7E", StringComparison.Ordinal)
        .ReplaceLineEndings(" ");
}
