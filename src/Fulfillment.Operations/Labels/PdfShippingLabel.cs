using Fulfillment.Operations.Carriers;
using Fulfillment.Operations.Documents.Pdf;

namespace Fulfillment.Operations.Labels;

/// <summary>
/// The 4 × 6 inch shipping label as a one-page PDF (288 × 432 pt) for ordinary printers: the same
/// blocks as <see cref="ZplShippingLabel"/>, with the Code 128 bars and the QR modules drawn as
/// filled rectangles (vector, so they print sharp at any resolution).
/// </summary>
public static class PdfShippingLabel
{
    private const double Margin = 10;
    private const double BarcodeTop = 222;
    private const double BarcodeHeight = 64;
    private const double MaxModuleWidth = 2;
    private const double QrSide = 108;

    public static byte[] Render(LabelData label)
    {
        ArgumentNullException.ThrowIfNull(label);
        LabelText.EnsurePrintableTrackingNumber(label.TrackingNumber);
        var document = new PdfDocument { Title = $"Shipping label {label.TrackingNumber}" };
        var page = document.AddPage(PdfPageSize.Label4x6);
        var right = page.Width - Margin;
        var bold = PdfFont.HelveticaBold;
        var regular = PdfFont.Helvetica;

        // Ship from, carrier and service.
        page.DrawText("FROM:", Margin, 16, bold, 6.5);
        var y = 26.0;
        foreach (var line in LabelText.Address(label.ShipFrom).Take(5))
        {
            page.DrawText(regular.Truncate(line, 7, 160), Margin, y, regular, 7);
            y += 8.5;
        }

        page.DrawText(bold.Truncate(label.CarrierName.ToUpperInvariant(), 9, 120), right, 17, bold, 9, PdfTextAlign.Right);
        page.FillRectangle(178, 24, right - 178, 40);
        page.DrawText(bold.Truncate(label.ServiceName.ToUpperInvariant(), 18, right - 184), (178 + right) / 2, 50, bold, 18, PdfTextAlign.Center, PdfColor.White);
        page.DrawLine(0, 72, page.Width, 72, 1.5);

        // Ship to.
        page.DrawText("SHIP TO:", Margin, 84, bold, 7);
        var shipTo = LabelText.Address(label.ShipTo);
        page.DrawText(bold.Truncate(shipTo[0], 15, right - Margin), Margin, 102, bold, 15);
        y = 120;
        foreach (var line in shipTo.Skip(1).Take(5))
        {
            page.DrawText(bold.Truncate(line, 12, label.SortCode is null ? right - Margin : 180), Margin, y, bold, 12);
            y += 14;
        }

        if (label.SortCode is not null)
        {
            page.DrawText("SORT", right, 84, bold, 7, PdfTextAlign.Right);
            page.DrawText(bold.Truncate(label.SortCode, 22, 80), right, 106, bold, 22, PdfTextAlign.Right);
        }

        page.DrawLine(0, 180, page.Width, 180, 1.5);

        // Weight, ship date, reference.
        (string Caption, string Value)[] facts = [("WEIGHT", LabelText.Weight(label.WeightKg)), ("SHIP DATE", LabelText.ShipDate(label.ShipDate)), ("REF", label.Reference)];
        for (var i = 0; i < facts.Length; i++)
        {
            var x = Margin + i * 92;
            page.DrawText(facts[i].Caption, x, 190, bold, 6);
            page.DrawText(bold.Truncate(facts[i].Value, 10, 88), x, 203, bold, 10);
        }

        page.DrawLine(0, 209, page.Width, 209, 1.5);

        page.DrawText("TRACKING #", Margin, 218, bold, 6.5);
        DrawBarcode(page, Code128.Encode(label.TrackingNumber));
        page.DrawText(label.TrackingNumber, page.Width / 2, BarcodeTop + BarcodeHeight + 13, bold, 11, PdfTextAlign.Center);
        page.DrawLine(0, 304, page.Width, 304, 1.5);

        // QR code of the tracking URL, bottom right; the URL in words beside it.
        page.DrawText("SCAN TO TRACK", Margin, 320, bold, 9);
        y = 334;
        foreach (var line in regular.Wrap(label.TrackingUrl, 7, right - QrSide - 2 * Margin).Take(6))
        {
            page.DrawText(line, Margin, y, regular, 7);
            y += 9;
        }

        DrawQrCode(page, QrCodeMatrix.Encode(label.TrackingUrl), right - QrSide, 312);
        return document.ToArray();
    }

    /// <summary>
    /// One rectangle per bar (a run of dark modules), centred, with at least ten modules of quiet
    /// zone on each side within the label.
    /// </summary>
    private static void DrawBarcode(PdfPage page, Code128Symbol symbol)
    {
        var moduleWidth = Math.Min(MaxModuleWidth, (page.Width - 2 * Margin) / (symbol.Modules.Length + 20));
        var left = (page.Width - symbol.Modules.Length * moduleWidth) / 2;
        for (var start = 0; start < symbol.Modules.Length;)
        {
            var end = start;
            while (end < symbol.Modules.Length && symbol.Modules[end] == symbol.Modules[start])
            {
                end++;
            }

            if (symbol.Modules[start] == '1')
            {
                page.FillRectangle(left + start * moduleWidth, BarcodeTop, (end - start) * moduleWidth, BarcodeHeight);
            }

            start = end;
        }
    }

    /// <summary>Dark modules as rectangles, one per horizontal run; the white around it is the quiet zone.</summary>
    private static void DrawQrCode(PdfPage page, QrCodeMatrix matrix, double left, double top)
    {
        // Four modules of quiet zone on each side are part of the square.
        var module = QrSide / (matrix.Size + 8);
        for (var row = 0; row < matrix.Size; row++)
        {
            for (var column = 0; column < matrix.Size;)
            {
                if (!matrix[row, column])
                {
                    column++;
                    continue;
                }

                var end = column;
                while (end < matrix.Size && matrix[row, end])
                {
                    end++;
                }

                page.FillRectangle(left + (column + 4) * module, top + (row + 4) * module, (end - column) * module, module);
                column = end;
            }
        }
    }
}
