using System.Globalization;
using System.Text;

namespace Fulfillment.Operations.Documents.Pdf;

/// <summary>
/// One page of a <see cref="PdfDocument"/>: text, lines and rectangles, recorded as PDF content
/// stream operators. Coordinates are in points with the origin at the TOP-left corner and y growing
/// downwards (the way layouts are written); the page converts to PDF's bottom-left origin.
/// </summary>
public sealed class PdfPage
{
    private readonly StringBuilder _content = new();

    internal PdfPage(PdfPageSize size)
    {
        if (size.Width <= 0 || size.Height <= 0 || size.Width > 14400 || size.Height > 14400)
        {
            // 14 400 pt (200 in) is the largest page PDF 1.4 readers must accept.
            throw new ArgumentOutOfRangeException(nameof(size), size, "A page is between 1 and 14400 points on each side.");
        }

        Size = size;
    }

    public PdfPageSize Size { get; }

    public double Width => Size.Width;

    public double Height => Size.Height;

    /// <summary>
    /// Draws one line of text whose baseline is <paramref name="baseline"/> points from the top.
    /// Characters outside WinAnsiEncoding print as <c>?</c>; line breaks are not interpreted (use
    /// <see cref="PdfFont.Wrap"/> and one call per line).
    /// </summary>
    public PdfPage DrawText(string text, double x, double baseline, PdfFont font, double size,
        PdfTextAlign align = PdfTextAlign.Left, PdfColor? color = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(font);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        var left = align switch
        {
            PdfTextAlign.Center => x - font.MeasureWidth(text, size) / 2,
            PdfTextAlign.Right => x - font.MeasureWidth(text, size),
            _ => x,
        };

        SetFill(color ?? PdfColor.Black);
        _content.Append("BT /").Append(font.ResourceName).Append(' ').Append(Number(size)).Append(" Tf ")
            .Append(Number(left)).Append(' ').Append(Number(Height - baseline)).Append(" Td ");
        AppendLiteralString(WinAnsiEncoding.Encode(text));
        _content.Append(" Tj ET\n");
        return this;
    }

    public PdfPage DrawLine(double x1, double y1, double x2, double y2, double thickness = 1, PdfColor? color = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(thickness);
        SetStroke(color ?? PdfColor.Black);
        _content.Append(Number(thickness)).Append(" w ")
            .Append(Number(x1)).Append(' ').Append(Number(Height - y1)).Append(" m ")
            .Append(Number(x2)).Append(' ').Append(Number(Height - y2)).Append(" l S\n");
        return this;
    }

    /// <summary>Fills the rectangle whose top-left corner is (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public PdfPage FillRectangle(double x, double y, double width, double height, PdfColor? color = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        SetFill(color ?? PdfColor.Black);
        AppendRectangle(x, y, width, height).Append(" f\n");
        return this;
    }

    /// <summary>Outlines the rectangle whose top-left corner is (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public PdfPage StrokeRectangle(double x, double y, double width, double height, double thickness = 1, PdfColor? color = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(thickness);
        SetStroke(color ?? PdfColor.Black);
        _content.Append(Number(thickness)).Append(" w ");
        AppendRectangle(x, y, width, height).Append(" S\n");
        return this;
    }

    /// <summary>The page's content stream (ASCII only: text bytes above 127 are written as octal escapes).</summary>
    internal byte[] ContentBytes() => Encoding.ASCII.GetBytes(_content.ToString());

    private StringBuilder AppendRectangle(double x, double y, double width, double height) =>
        _content.Append(Number(x)).Append(' ').Append(Number(Height - y - height)).Append(' ')
            .Append(Number(width)).Append(' ').Append(Number(height)).Append(" re");

    private void SetFill(PdfColor color) => AppendColor(color).Append(" rg ");

    private void SetStroke(PdfColor color) => AppendColor(color).Append(" RG ");

    private StringBuilder AppendColor(PdfColor color) =>
        _content.Append(Number(color.Red)).Append(' ').Append(Number(color.Green)).Append(' ').Append(Number(color.Blue));

    // A literal string: backslash, parentheses and non-printable bytes are escaped so the stream
    // stays plain ASCII and every reader tokenises it the same way.
    private void AppendLiteralString(byte[] bytes)
    {
        _content.Append('(');
        foreach (var b in bytes)
        {
            switch (b)
            {
                case (byte)'\\' or (byte)'(' or (byte)')':
                    _content.Append('\\').Append((char)b);
                    break;
                case >= 32 and <= 126:
                    _content.Append((char)b);
                    break;
                default:
                    _content.Append('\\').Append(Convert.ToString(b, 8).PadLeft(3, '0'));
                    break;
            }
        }

        _content.Append(')');
    }

    internal static string Number(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "PDF coordinates must be finite numbers.");
        }

        // Three decimals are far below a printer dot; "-0" would be valid but odd.
        var text = value.ToString("0.###", CultureInfo.InvariantCulture);
        return text == "-0" ? "0" : text;
    }
}
