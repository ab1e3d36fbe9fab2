using System.Text;

namespace Fulfillment.Operations.Documents.Pdf;

/// <summary>
/// One of the standard Type 1 fonts every PDF reader has built in, so nothing is embedded.
/// Carries the glyph widths (from Adobe's published font metrics) needed to measure text for
/// right-aligned columns, centring and wrapping.
/// </summary>
public sealed class PdfFont
{
    // Advance widths in 1/1000 em for the printable ASCII codes 32–126.
    private static readonly int[] HelveticaAscii =
    [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space ! " # $ % & ' ( ) * + , - . /
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0–9 : ; < = > ?
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ A–O
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P–Z [ \ ] ^ _
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` a–o
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p–z { | } ~
    ];

    private static readonly int[] HelveticaBoldAscii =
    [
        278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
        975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
        333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
        611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
    ];

    // The typographic characters that invoices and addresses actually use; accented letters
    // are measured by their base letter (the metrics give them the same width).
    private static readonly Dictionary<char, (int Regular, int Bold)> Symbols = new()
    {
        ['€'] = (556, 556), ['£'] = (556, 556), ['¥'] = (556, 556), ['–'] = (556, 556), ['—'] = (1000, 1000),
        ['‘'] = (222, 278), ['’'] = (222, 278), ['“'] = (333, 500), ['”'] = (333, 500), ['•'] = (350, 350),
        ['…'] = (1000, 1000), ['©'] = (737, 737), ['®'] = (737, 737), ['™'] = (1000, 1000), ['°'] = (400, 400),
        ['×'] = (584, 584), ['ß'] = (611, 611), ['\u00A0'] = (278, 278),
    };

    // Used for the rare remaining WinAnsi characters; the widths of most glyphs cluster around it.
    private const int AverageWidth = 556;

    private readonly int[] _ascii;
    private readonly bool _bold;

    private PdfFont(string baseFont, string resourceName, int[] ascii, bool bold)
    {
        BaseFont = baseFont;
        ResourceName = resourceName;
        _ascii = ascii;
        _bold = bold;
    }

    public static PdfFont Helvetica { get; } = new("Helvetica", "F1", HelveticaAscii, bold: false);
    public static PdfFont HelveticaBold { get; } = new("Helvetica-Bold", "F2", HelveticaBoldAscii, bold: true);

    internal static IReadOnlyList<PdfFont> All { get; } = [Helvetica, HelveticaBold];

    /// <summary>The PostScript name, e.g. <c>Helvetica-Bold</c>.</summary>
    public string BaseFont { get; }

    /// <summary>The name under which pages refer to the font (<c>/F1</c>).</summary>
    internal string ResourceName { get; }

    /// <summary>The width of <paramref name="text"/> in points at <paramref name="size"/>.</summary>
    public double MeasureWidth(string text, double size)
    {
        ArgumentNullException.ThrowIfNull(text);
        var units = 0;
        foreach (var c in text)
        {
            units += GlyphWidth(c);
        }

        return units * size / 1000;
    }

    /// <summary>Shortens <paramref name="text"/> with an ellipsis until it fits <paramref name="maxWidth"/>.</summary>
    public string Truncate(string text, double size, double maxWidth)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (MeasureWidth(text, size) <= maxWidth)
        {
            return text;
        }

        var end = text.Length;
        while (end > 0 && MeasureWidth(text[..end] + "…", size) > maxWidth)
        {
            end--;
        }

        return text[..end] + "…";
    }

    /// <summary>
    /// Breaks <paramref name="text"/> into lines no wider than <paramref name="maxWidth"/> at spaces
    /// (and at explicit line breaks); a single word wider than the line is broken between characters.
    /// </summary>
    public IReadOnlyList<string> Wrap(string text, double size, double maxWidth)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxWidth);
        var lines = new List<string>();
        foreach (var paragraph in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = new StringBuilder();
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : $"{line} {word}";
                if (MeasureWidth(candidate, size) <= maxWidth)
                {
                    line.Clear().Append(candidate);
                    continue;
                }

                if (line.Length > 0)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                }

                var rest = word;
                while (MeasureWidth(rest, size) > maxWidth && rest.Length > 1)
                {
                    var fits = 1;
                    while (fits < rest.Length && MeasureWidth(rest[..(fits + 1)], size) <= maxWidth)
                    {
                        fits++;
                    }

                    lines.Add(rest[..fits]);
                    rest = rest[fits..];
                }

                line.Append(rest);
            }

            lines.Add(line.ToString());
        }

        return lines;
    }

    private int GlyphWidth(char c)
    {
        var code = WinAnsiEncoding.EncodeChar(c);
        if (code is >= 32 and <= 126)
        {
            return _ascii[code - 32];
        }

        if (Symbols.TryGetValue(c, out var symbol))
        {
            return _bold ? symbol.Bold : symbol.Regular;
        }

        var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
        return decomposed.Length > 1 && decomposed[0] is >= ' ' and <= '~'
            ? _ascii[decomposed[0] - 32]
            : AverageWidth;
    }

    public override string ToString() => BaseFont;
}
