using Fulfillment.Operations.Documents.Pdf;

namespace Fulfillment.Operations.Documents;

/// <summary>A table column: its share of the content width, header and alignment.</summary>
internal sealed record TableColumn(string Header, double Share, PdfTextAlign Align = PdfTextAlign.Left, bool Checkbox = false);

/// <summary>
/// Lays document content out top to bottom on letter pages: keeps a cursor, starts a new page
/// (with a running header) when the next block does not fit, wraps text, draws tables whose header
/// repeats on every page, and numbers the pages at the end.
/// </summary>
internal sealed class PageFlow
{
    public const double Margin = 50;
    public const double BodySize = 9.5;
    private const double Leading = 1.35;
    private const double FooterHeight = 24;
    private const double CellPadding = 4;

    private readonly PdfDocument _document;
    private readonly PdfPageSize _size;
    private readonly string _runningHeader;

    public PageFlow(PdfDocument document, string runningHeader, PdfPageSize? size = null)
    {
        _document = document;
        _size = size ?? PdfPageSize.Letter;
        _runningHeader = runningHeader;
        Page = StartPage();
    }

    public PdfPage Page { get; private set; }

    /// <summary>The top of the next block, in points from the top of the page.</summary>
    public double Y { get; set; }

    public double Left { get; } = Margin;

    public double Right => _size.Width - Margin;

    public double Width => Right - Left;

    private double Bottom => _size.Height - Margin - FooterHeight;

    public static double LineHeight(double size) => size * Leading;

    /// <summary>Moves to a new page unless <paramref name="height"/> points still fit on this one.</summary>
    public void EnsureRoom(double height)
    {
        if (Y + height > Bottom)
        {
            Page = StartPage();
        }
    }

    public void Gap(double points) => Y += points;

    /// <summary>One line of text at the cursor (a new page first if needed); the cursor moves below it.</summary>
    public void Line(string text, PdfFont? font = null, double size = BodySize, double indent = 0, PdfTextAlign align = PdfTextAlign.Left)
    {
        EnsureRoom(LineHeight(size));
        var x = align switch
        {
            PdfTextAlign.Right => Right,
            PdfTextAlign.Center => Left + Width / 2,
            _ => Left + indent,
        };
        Page.DrawText(text, x, Baseline(Y, size), font ?? PdfFont.Helvetica, size, align);
        Y += LineHeight(size);
    }

    /// <summary>Text wrapped to the content width (less <paramref name="indent"/>); may continue on the next page.</summary>
    public void Paragraph(string text, PdfFont? font = null, double size = BodySize, double indent = 0)
    {
        font ??= PdfFont.Helvetica;
        foreach (var line in font.Wrap(text, size, Width - indent))
        {
            Line(line, font, size, indent);
        }
    }

    /// <summary>A label and a value on one line, the label in bold, right-aligned at the right margin.</summary>
    public void RightLabelledValue(string label, string value, double size = BodySize, PdfFont? valueFont = null, double labelColumn = 90)
    {
        EnsureRoom(LineHeight(size));
        var baseline = Baseline(Y, size);
        Page.DrawText(label, Right - labelColumn - 6, baseline, PdfFont.HelveticaBold, size, PdfTextAlign.Right);
        Page.DrawText(value, Right, baseline, valueFont ?? PdfFont.Helvetica, size, PdfTextAlign.Right);
        Y += LineHeight(size);
    }

    public void Rule(double thickness = 0.75, PdfColor? color = null)
    {
        EnsureRoom(8);
        Page.DrawLine(Left, Y + 3, Right, Y + 3, thickness, color ?? PdfColor.MidGray);
        Y += 8;
    }

    /// <summary>Blocks of lines side by side (addresses), each with a bold title; the cursor moves below the tallest.</summary>
    public void SideBySide(params (string Title, IReadOnlyList<string> Lines)[] blocks)
    {
        var tallest = blocks.Max(b => b.Lines.Count + 1) * LineHeight(BodySize);
        EnsureRoom(tallest);
        var columnWidth = Width / blocks.Length;
        for (var i = 0; i < blocks.Length; i++)
        {
            var x = Left + i * columnWidth;
            var y = Y;
            Page.DrawText(blocks[i].Title.ToUpperInvariant(), x, Baseline(y, 8), PdfFont.HelveticaBold, 8, color: PdfColor.MidGray);
            y += LineHeight(BodySize);
            foreach (var line in blocks[i].Lines)
            {
                Page.DrawText(PdfFont.Helvetica.Truncate(line, BodySize, columnWidth - 10), x, Baseline(y, BodySize), PdfFont.Helvetica, BodySize);
                y += LineHeight(BodySize);
            }
        }

        Y += tallest;
    }

    /// <summary>Wrapped lines inside a ruled box with a bold title; kept on one page.</summary>
    public void Box(string title, IEnumerable<string> paragraphs, double size = BodySize, double thickness = 1.5)
    {
        var lines = paragraphs.SelectMany(p => PdfFont.Helvetica.Wrap(p, size, Width - 2 * CellPadding - 8)).ToList();
        var height = LineHeight(size + 2) + lines.Count * LineHeight(size) + 2 * CellPadding + 4;
        EnsureRoom(height);
        Page.StrokeRectangle(Left, Y, Width, height, thickness);
        var y = Y + CellPadding + 2;
        Page.DrawText(title, Left + CellPadding + 4, Baseline(y, size + 2), PdfFont.HelveticaBold, size + 2);
        y += LineHeight(size + 2);
        foreach (var line in lines)
        {
            Page.DrawText(line, Left + CellPadding + 4, Baseline(y, size), PdfFont.Helvetica, size);
            y += LineHeight(size);
        }

        Y += height + 8;
    }

    /// <summary>
    /// A table with a shaded header row that repeats on each new page. Cells of left-aligned
    /// columns wrap; the others are kept to one line.
    /// </summary>
    public void Table(IReadOnlyList<TableColumn> columns, IEnumerable<IReadOnlyList<string>> rows)
    {
        var totalShare = columns.Sum(c => c.Share);
        var widths = columns.Select(c => Width * c.Share / totalShare).ToArray();
        var lineHeight = LineHeight(BodySize);
        DrawHeader();
        foreach (var row in rows)
        {
            var cells = row.Select((text, i) => columns[i].Align == PdfTextAlign.Left
                ? PdfFont.Helvetica.Wrap(text, BodySize, widths[i] - 2 * CellPadding)
                : [PdfFont.Helvetica.Truncate(text, BodySize, widths[i] - 2 * CellPadding)]).ToList();
            var height = cells.Max(c => c.Count) * lineHeight + 2 * CellPadding;
            if (Y + height > Bottom)
            {
                Page = StartPage();
                DrawHeader();
            }

            var x = Left;
            for (var i = 0; i < columns.Count; i++)
            {
                if (columns[i].Checkbox)
                {
                    Page.StrokeRectangle(x + CellPadding, Y + CellPadding + 1, 9, 9, 0.75);
                }

                for (var line = 0; line < cells[i].Count; line++)
                {
                    if (cells[i][line].Length == 0)
                    {
                        continue;
                    }

                    var baseline = Baseline(Y + CellPadding + line * lineHeight, BodySize);
                    Page.DrawText(cells[i][line], CellX(x, widths[i], columns[i].Align), baseline, PdfFont.Helvetica, BodySize, columns[i].Align);
                }

                x += widths[i];
            }

            Y += height;
            Page.DrawLine(Left, Y, Right, Y, 0.5, PdfColor.LightGray);
        }

        Y += 6;

        void DrawHeader()
        {
            var height = lineHeight + 2 * CellPadding;
            EnsureRoom(height + lineHeight);
            Page.FillRectangle(Left, Y, Width, height, PdfColor.LightGray);
            foreach (var i in Enumerable.Range(0, columns.Count).Where(i => columns[i].Header.Length > 0))
            {
                Page.DrawText(columns[i].Header, CellX(Left + widths[..i].Sum(), widths[i], columns[i].Align), Baseline(Y + CellPadding, BodySize),
                    PdfFont.HelveticaBold, BodySize, columns[i].Align);
            }

            Y += height;
        }
    }

    /// <summary>"Page 1 of 2" and a footer line on every page; call once, after all content.</summary>
    public void Finish(string footer)
    {
        var pages = _document.Pages;
        for (var i = 0; i < pages.Count; i++)
        {
            var baseline = _size.Height - Margin + 4;
            pages[i].DrawLine(Left, baseline - 14, Right, baseline - 14, 0.5, PdfColor.LightGray);
            pages[i].DrawText(PdfFont.Helvetica.Truncate(footer, 8, Width - 80), Left, baseline, PdfFont.Helvetica, 8, color: PdfColor.MidGray);
            pages[i].DrawText($"Page {i + 1} of {pages.Count}", Right, baseline, PdfFont.Helvetica, 8, PdfTextAlign.Right, PdfColor.MidGray);
        }
    }

    // Helvetica's cap height is about 0.72 em: this puts capitals just below the cursor line.
    private static double Baseline(double top, double size) => top + size * 0.8;

    private static double CellX(double columnLeft, double columnWidth, PdfTextAlign align) => align switch
    {
        PdfTextAlign.Right => columnLeft + columnWidth - CellPadding,
        PdfTextAlign.Center => columnLeft + columnWidth / 2,
        _ => columnLeft + CellPadding,
    };

    private PdfPage StartPage()
    {
        var page = _document.AddPage(_size);
        Y = Margin;
        if (_document.Pages.Count > 1)
        {
            page.DrawText($"{_runningHeader} (continued)", Left, Baseline(Y, 8), PdfFont.HelveticaBold, 8, color: PdfColor.MidGray);
            Y += 20;
        }

        return page;
    }
}
