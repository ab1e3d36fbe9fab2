using Fulfillment.Operations.Tests.Documents.Pdf;

namespace Fulfillment.Operations.Tests.Labels;

/// <summary>Recovers the barcode and the QR code from the rectangles a label PDF draws.</summary>
public static class LabelDrawing
{
    /// <summary>
    /// The Code 128 bars are the largest group of rectangles sharing one top and one (tall) height.
    /// Returns bar and space widths in modules, bar first; the module width comes from the start
    /// symbol, which always spans 11 modules from its first bar to the fourth bar.
    /// </summary>
    public static IReadOnlyList<int> BarcodeWidths(PdfContent content)
    {
        var bars = content.Rectangles.Where(r => r.Height > 30 && r.Color == (0, 0, 0))
            .GroupBy(r => (r.Y, r.Height)).MaxBy(g => g.Count())!
            .OrderBy(r => r.X).ToList();
        var module = (bars[3].X - bars[0].X) / 11;
        var widths = new List<int>();
        for (var i = 0; i < bars.Count; i++)
        {
            widths.Add(Modules(bars[i].Width, module));
            if (i + 1 < bars.Count)
            {
                widths.Add(Modules(bars[i + 1].X - (bars[i].X + bars[i].Width), module));
            }
        }

        return widths;
    }

    /// <summary>
    /// The QR modules are the small black rectangles (one per horizontal run of dark modules). The
    /// matrix's top-left corner is the top-left of its finder pattern, the leftmost and highest of them.
    /// </summary>
    public static bool[,] QrMatrix(PdfContent content)
    {
        var modules = content.Rectangles.Where(r => r.Height < 5 && r.Color == (0, 0, 0)).ToList();
        var module = modules.Min(r => r.Height);
        var left = modules.Min(r => r.X);
        var top = modules.Max(r => r.Y + r.Height);
        var size = Modules(modules.Max(r => r.X + r.Width) - left, module);
        var matrix = new bool[size, size];
        foreach (var run in modules)
        {
            var row = Modules(top - (run.Y + run.Height), module);
            var column = Modules(run.X - left, module);
            for (var i = 0; i < Modules(run.Width, module); i++)
            {
                matrix[row, column + i] = true;
            }
        }

        return matrix;
    }

    private static int Modules(double points, double module)
    {
        var modules = points / module;
        var rounded = (int)Math.Round(modules);
        if (Math.Abs(modules - rounded) > 0.05)
        {
            throw new InvalidDataException($"{points} pt is not a whole number of {module} pt modules.");
        }

        return rounded;
    }
}
