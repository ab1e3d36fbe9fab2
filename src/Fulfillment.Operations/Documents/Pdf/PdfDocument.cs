using System.Globalization;
using System.Text;

namespace Fulfillment.Operations.Documents.Pdf;

/// <summary>
/// A minimal PDF 1.4 writer: pages of any size with standard-font text, lines and filled
/// rectangles. It writes uncompressed content streams, the two standard Helvetica fonts (not
/// embedded) and a classic cross-reference table, which is all that invoices, packing slips and
/// shipping labels need. Output is deterministic: the same drawing gives the same bytes.
/// </summary>
public sealed class PdfDocument
{
    private readonly List<PdfPage> _pages = [];

    /// <summary>Shown by readers in the title bar (the document information dictionary's /Title).</summary>
    public string? Title { get; init; }

    public IReadOnlyList<PdfPage> Pages => _pages;

    public PdfPage AddPage(PdfPageSize size)
    {
        var page = new PdfPage(size);
        _pages.Add(page);
        return page;
    }

    /// <summary>The finished file.</summary>
    public byte[] ToArray()
    {
        if (_pages.Count == 0)
        {
            throw new InvalidOperationException("A PDF needs at least one page.");
        }

        using var writer = new ObjectWriter();
        const int catalog = 1, pages = 2, firstFont = 3;
        var firstPage = firstFont + PdfFont.All.Count;
        var info = firstPage + 2 * _pages.Count;

        writer.Object(catalog, $"<< /Type /Catalog /Pages {pages} 0 R >>");
        var kids = string.Join(' ', Enumerable.Range(0, _pages.Count).Select(i => $"{firstPage + 2 * i} 0 R"));
        writer.Object(pages, $"<< /Type /Pages /Kids [{kids}] /Count {_pages.Count} >>");

        var fontResources = new StringBuilder();
        for (var i = 0; i < PdfFont.All.Count; i++)
        {
            var font = PdfFont.All[i];
            writer.Object(firstFont + i, $"<< /Type /Font /Subtype /Type1 /BaseFont /{font.BaseFont} /Encoding /WinAnsiEncoding >>");
            fontResources.Append(CultureInfo.InvariantCulture, $"/{font.ResourceName} {firstFont + i} 0 R ");
        }

        for (var i = 0; i < _pages.Count; i++)
        {
            var page = _pages[i];
            var pageObject = firstPage + 2 * i;
            var mediaBox = $"[0 0 {PdfPage.Number(page.Width)} {PdfPage.Number(page.Height)}]";
            writer.Object(pageObject,
                $"<< /Type /Page /Parent {pages} 0 R /MediaBox {mediaBox} " +
                $"/Resources << /Font << {fontResources}>> /ProcSet [/PDF /Text] >> /Contents {pageObject + 1} 0 R >>");
            writer.Stream(pageObject + 1, page.ContentBytes());
        }

        writer.Object(info, $"<< /Producer {TextString("Fulfillment")}{(Title is null ? "" : $" /Title {TextString(Title)}")} >>");
        return writer.Finish(root: catalog, info: info);
    }

    // A PDF text string: plain when ASCII, otherwise UTF-16BE with a byte order mark (hex, so no escaping).
    private static string TextString(string text)
    {
        if (text.All(c => c is >= ' ' and <= '~'))
        {
            return "(" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("(", "\\(", StringComparison.Ordinal)
                .Replace(")", "\\)", StringComparison.Ordinal) + ")";
        }

        return "<FEFF" + Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(text)) + ">";
    }

    /// <summary>Writes numbered objects in order and remembers where each starts, for the xref table.</summary>
    private sealed class ObjectWriter : IDisposable
    {
        private readonly MemoryStream _output = new();
        private readonly List<long> _offsets = [];

        public ObjectWriter()
        {
            Write("%PDF-1.4\n");
            // A comment with bytes above 127 tells transfer tools that the file is binary.
            _output.Write([(byte)'%', 0xE2, 0xE3, 0xCF, 0xD3, (byte)'\n']);
        }

        public void Object(int number, string body)
        {
            Begin(number);
            Write($"{body}\nendobj\n");
        }

        public void Stream(int number, byte[] data)
        {
            Begin(number);
            Write($"<< /Length {data.Length} >>\nstream\n");
            _output.Write(data);
            Write("\nendstream\nendobj\n");
        }

        public byte[] Finish(int root, int info)
        {
            var xref = _output.Position;
            var size = _offsets.Count + 1;
            var table = new StringBuilder()
                .Append(CultureInfo.InvariantCulture, $"xref\n0 {size}\n")
                .Append("0000000000 65535 f \n"); // object 0 heads the (empty) free list
            foreach (var offset in _offsets)
            {
                // Each entry is exactly 20 bytes: 10-digit offset, 5-digit generation, 'n', space + newline.
                table.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
            }

            table.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {size} /Root {root} 0 R /Info {info} 0 R >>\nstartxref\n{xref}\n%%EOF\n");
            Write(table.ToString());
            return _output.ToArray();
        }

        public void Dispose() => _output.Dispose();

        private void Begin(int number)
        {
            if (number != _offsets.Count + 1)
            {
                throw new InvalidOperationException($"Object {number} written out of order.");
            }

            _offsets.Add(_output.Position);
            Write($"{number} 0 obj\n");
        }

        private void Write(string text) => _output.Write(Encoding.ASCII.GetBytes(text));
    }
}
