using System.Globalization;
using System.Text;

namespace Fulfillment.Operations.Tests.Documents.Pdf;

/// <summary>A reference <c>n g R</c>.</summary>
public sealed record PdfRef(int Number, int Generation);

/// <summary>A name such as <c>/Type</c> (without the slash).</summary>
public sealed record PdfName(string Value);

/// <summary>A string object's raw bytes.</summary>
public sealed record PdfString(byte[] Bytes);

/// <summary>An indirect object: its value and, for streams, the stream's bytes.</summary>
public sealed record PdfIndirectObject(int Number, object? Value, byte[]? Stream);

/// <summary>
/// A strict reader for the PDFs our writer makes, written for the tests independently of the
/// writer: it starts from <c>startxref</c>, reads the classic cross-reference table, and checks
/// that every in-use entry's offset lands exactly on "N G obj", that each stream's /Length ends at
/// "endstream", and that the trailer's /Size, /Root and page tree are consistent. Anything else
/// throws <see cref="InvalidDataException"/> naming what is wrong.
/// </summary>
public sealed class PdfFileReader
{
    private PdfFileReader(Dictionary<string, object?> trailer, IReadOnlyDictionary<int, PdfIndirectObject> objects)
    {
        Trailer = trailer;
        Objects = objects;
    }

    public Dictionary<string, object?> Trailer { get; }

    public IReadOnlyDictionary<int, PdfIndirectObject> Objects { get; }

    public IReadOnlyList<Dictionary<string, object?>> Pages { get; private set; } = [];

    public static PdfFileReader Read(byte[] data)
    {
        var header = Encoding.ASCII.GetString(data, 0, Math.Min(8, data.Length));
        if (header != "%PDF-1.4")
        {
            throw new InvalidDataException($"Header is '{header}', expected %PDF-1.4.");
        }

        var tail = Encoding.ASCII.GetString(data, Math.Max(0, data.Length - 64), Math.Min(64, data.Length));
        if (!tail.TrimEnd().EndsWith("%%EOF", StringComparison.Ordinal))
        {
            throw new InvalidDataException("The file does not end with %%EOF.");
        }

        var startxrefAt = tail.LastIndexOf("startxref", StringComparison.Ordinal);
        if (startxrefAt < 0)
        {
            throw new InvalidDataException("No startxref near the end of the file.");
        }

        var xrefOffset = int.Parse(tail[(startxrefAt + 9)..tail.LastIndexOf("%%EOF", StringComparison.Ordinal)].Trim(), CultureInfo.InvariantCulture);
        var parser = new Parser(data, xrefOffset);
        parser.ExpectKeyword("xref");
        var offsets = new Dictionary<int, long>();
        while (parser.PeekKeyword() != "trailer")
        {
            var first = parser.ReadInteger();
            var count = parser.ReadInteger();
            parser.SkipWhitespace();
            for (var i = 0; i < count; i++)
            {
                var entry = Encoding.ASCII.GetString(data, parser.Position, 20);
                if (entry.Length != 20 || entry[10] != ' ' || entry[16] != ' ' || entry[18] is not (' ' or '\r') || entry[19] is not ('\n' or '\r'))
                {
                    throw new InvalidDataException($"xref entry {first + i} is not 20 bytes in the fixed format: '{entry}'.");
                }

                if (entry[17] == 'n')
                {
                    offsets[first + i] = long.Parse(entry[..10], CultureInfo.InvariantCulture);
                }
                else if (entry[17] != 'f')
                {
                    throw new InvalidDataException($"xref entry {first + i} is neither 'n' nor 'f'.");
                }

                parser.Position += 20;
            }
        }

        parser.ExpectKeyword("trailer");
        var trailer = parser.ReadValue() as Dictionary<string, object?> ?? throw new InvalidDataException("The trailer is not a dictionary.");
        var size = Convert.ToInt32(trailer["Size"], CultureInfo.InvariantCulture);
        if (size != offsets.Count + 1 || offsets.Keys.Any(n => n <= 0 || n >= size))
        {
            throw new InvalidDataException($"Trailer /Size {size} does not match the {offsets.Count} objects in the xref table.");
        }

        var objects = new Dictionary<int, PdfIndirectObject>();
        foreach (var (number, offset) in offsets)
        {
            objects[number] = ReadObjectAt(data, number, (int)offset);
        }

        var objectsInFile = CountOccurrences(data, " 0 obj\n");
        if (objectsInFile != objects.Count)
        {
            throw new InvalidDataException($"The file has {objectsInFile} objects but the xref table lists {objects.Count}.");
        }

        var reader = new PdfFileReader(trailer, objects);
        var catalog = reader.Dictionary(trailer["Root"]);
        if (catalog["Type"] is not PdfName { Value: "Catalog" })
        {
            throw new InvalidDataException("/Root is not a /Catalog.");
        }

        var pageTree = reader.Dictionary(catalog["Pages"]);
        var kids = (List<object?>)pageTree["Kids"]!;
        var pages = kids.Select(reader.Dictionary).ToList();
        if (Convert.ToInt32(pageTree["Count"], CultureInfo.InvariantCulture) != pages.Count || pages.Any(p => p["Type"] is not PdfName { Value: "Page" }))
        {
            throw new InvalidDataException("The page tree's /Count or /Kids are wrong.");
        }

        reader.Pages = pages;
        return reader;
    }

    public Dictionary<string, object?> Dictionary(object? value) =>
        Resolve(value) as Dictionary<string, object?> ?? throw new InvalidDataException($"{value} is not a dictionary.");

    public object? Resolve(object? value) => value is PdfRef reference
        ? Objects.TryGetValue(reference.Number, out var target) ? target.Value : throw new InvalidDataException($"{reference} points to no object.")
        : value;

    /// <summary>The page's content stream, decoded from ASCII.</summary>
    public string ContentOf(int pageIndex)
    {
        var reference = (PdfRef)Pages[pageIndex]["Contents"]!;
        var stream = Objects[reference.Number].Stream ?? throw new InvalidDataException("/Contents is not a stream.");
        return Encoding.ASCII.GetString(stream);
    }

    /// <summary>The base font names the page's resources point to, by resource name.</summary>
    public Dictionary<string, string> FontsOf(int pageIndex)
    {
        var resources = Dictionary(Pages[pageIndex]["Resources"]);
        return Dictionary(resources["Font"]).ToDictionary(f => f.Key, f => ((PdfName)Dictionary(f.Value)["BaseFont"]!).Value);
    }

    public (double Width, double Height) MediaBoxOf(int pageIndex)
    {
        var box = ((List<object?>)Pages[pageIndex]["MediaBox"]!).Select(v => Convert.ToDouble(v, CultureInfo.InvariantCulture)).ToArray();
        return (box[2] - box[0], box[3] - box[1]);
    }

    private static PdfIndirectObject ReadObjectAt(byte[] data, int number, int offset)
    {
        var lineEnd = Array.IndexOf(data, (byte)'\n', offset);
        var line = Encoding.ASCII.GetString(data, offset, Math.Max(0, lineEnd - offset));
        if ((offset > 0 && data[offset - 1] is not ((byte)'\n' or (byte)'\r')) || line != $"{number} 0 obj")
        {
            throw new InvalidDataException($"xref offset {offset} for object {number} lands on '{line}', not at the start of '{number} 0 obj'.");
        }

        var parser = new Parser(data, lineEnd + 1);

        var value = parser.ReadValue();
        byte[]? stream = null;
        if (parser.PeekKeyword() == "stream")
        {
            parser.ExpectKeyword("stream");
            if (data[parser.Position] == '\r')
            {
                parser.Position++;
            }

            if (data[parser.Position] != '\n')
            {
                throw new InvalidDataException($"Object {number}: 'stream' is not followed by an end of line.");
            }

            parser.Position++;
            var length = Convert.ToInt32(((Dictionary<string, object?>)value!)["Length"], CultureInfo.InvariantCulture);
            stream = data[parser.Position..(parser.Position + length)];
            parser.Position += length;
            parser.ExpectKeyword("endstream");
        }

        parser.ExpectKeyword("endobj");
        return new PdfIndirectObject(number, value, stream);
    }

    private static int CountOccurrences(byte[] data, string text)
    {
        var pattern = Encoding.ASCII.GetBytes(text);
        var count = 0;
        for (var i = data.AsSpan().IndexOf(pattern); i >= 0;)
        {
            count++;
            var next = data.AsSpan(i + 1).IndexOf(pattern);
            i = next < 0 ? -1 : i + 1 + next;
        }

        return count;
    }

    /// <summary>Tokens and values of the PDF object syntax (also used for content streams).</summary>
    public sealed class Parser(byte[] data, int position)
    {
        public int Position { get; set; } = position;

        public bool AtEnd
        {
            get
            {
                SkipWhitespace();
                return Position >= data.Length;
            }
        }

        public void SkipWhitespace()
        {
            while (Position < data.Length)
            {
                var c = data[Position];
                if (c == '%')
                {
                    while (Position < data.Length && data[Position] is not ((byte)'\n' or (byte)'\r'))
                    {
                        Position++;
                    }
                }
                else if (c is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t' or (byte)'\f' or 0)
                {
                    Position++;
                }
                else
                {
                    return;
                }
            }
        }

        public string PeekKeyword()
        {
            var saved = Position;
            var word = ReadRegular();
            Position = saved;
            return word;
        }

        public void ExpectKeyword(string keyword)
        {
            var found = ReadRegular();
            if (found != keyword)
            {
                throw new InvalidDataException($"Expected '{keyword}' at byte {Position - found.Length}, found '{found}'.");
            }
        }

        public int ReadInteger() => int.Parse(ReadRegular(), CultureInfo.InvariantCulture);

        /// <summary>The next value, or an operator (as a <see cref="string"/>) when reading a content stream.</summary>
        public object? ReadValue()
        {
            SkipWhitespace();
            var c = data[Position];
            switch (c)
            {
                case (byte)'/':
                    Position++;
                    return new PdfName(ReadRegular());
                case (byte)'(':
                    return ReadLiteralString();
                case (byte)'[':
                {
                    Position++;
                    var items = new List<object?>();
                    while (true)
                    {
                        SkipWhitespace();
                        if (data[Position] == ']')
                        {
                            Position++;
                            return items;
                        }

                        items.Add(ReadValue());
                    }
                }

                case (byte)'<' when data[Position + 1] == '<':
                {
                    Position += 2;
                    var dictionary = new Dictionary<string, object?>();
                    while (true)
                    {
                        SkipWhitespace();
                        if (data[Position] == '>' && data[Position + 1] == '>')
                        {
                            Position += 2;
                            return dictionary;
                        }

                        var key = ReadValue() as PdfName ?? throw new InvalidDataException($"Dictionary key at byte {Position} is not a name.");
                        dictionary.Add(key.Value, ReadValue());
                    }
                }

                case (byte)'<':
                {
                    var end = Array.IndexOf(data, (byte)'>', Position);
                    var hex = Encoding.ASCII.GetString(data, Position + 1, end - Position - 1);
                    Position = end + 1;
                    return new PdfString(Convert.FromHexString(hex));
                }
            }

            var word = ReadRegular();
            if (double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                // "n g R" is a reference: look ahead without consuming when it is not.
                var saved = Position;
                var second = ReadRegular();
                if (int.TryParse(second, CultureInfo.InvariantCulture, out var generation) && ReadRegular() == "R")
                {
                    return new PdfRef((int)number, generation);
                }

                Position = saved;
                return number;
            }

            return word switch
            {
                "true" => true,
                "false" => false,
                "null" => null,
                _ => word,
            };
        }

        private PdfString ReadLiteralString()
        {
            Position++;
            var bytes = new List<byte>();
            var depth = 0;
            while (true)
            {
                var c = data[Position++];
                if (c == '\\')
                {
                    var next = data[Position++];
                    if (next is >= (byte)'0' and <= (byte)'7')
                    {
                        var octal = 0;
                        Position--;
                        for (var i = 0; i < 3 && data[Position] is >= (byte)'0' and <= (byte)'7'; i++)
                        {
                            octal = octal * 8 + (data[Position++] - '0');
                        }

                        bytes.Add((byte)octal);
                    }
                    else
                    {
                        bytes.Add(next switch
                        {
                            (byte)'n' => (byte)'\n',
                            (byte)'r' => (byte)'\r',
                            (byte)'t' => (byte)'\t',
                            (byte)'b' => (byte)'\b',
                            (byte)'f' => (byte)'\f',
                            _ => next,
                        });
                    }
                }
                else if (c == '(')
                {
                    depth++;
                    bytes.Add(c);
                }
                else if (c == ')')
                {
                    if (depth == 0)
                    {
                        return new PdfString([.. bytes]);
                    }

                    depth--;
                    bytes.Add(c);
                }
                else
                {
                    bytes.Add(c);
                }
            }
        }

        private string ReadRegular()
        {
            SkipWhitespace();
            var start = Position;
            while (Position < data.Length && !IsDelimiterOrSpace(data[Position]))
            {
                Position++;
            }

            return Encoding.ASCII.GetString(data, start, Position - start);
        }

        private static bool IsDelimiterOrSpace(byte c) =>
            c is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t' or (byte)'\f' or 0
                or (byte)'(' or (byte)')' or (byte)'<' or (byte)'>' or (byte)'[' or (byte)']' or (byte)'{' or (byte)'}' or (byte)'/' or (byte)'%';
    }
}
