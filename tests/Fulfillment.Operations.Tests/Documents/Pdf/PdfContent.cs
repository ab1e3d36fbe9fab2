using System.Globalization;
using System.Text;

namespace Fulfillment.Operations.Tests.Documents.Pdf;

/// <summary>A text-showing operation: where its baseline starts (PDF coordinates), font and decoded text.</summary>
public sealed record PdfTextRun(string FontResource, double Size, double X, double Y, string Text);

/// <summary>A filled rectangle in PDF coordinates (origin bottom-left) and its fill colour.</summary>
public sealed record PdfFilledRectangle(double X, double Y, double Width, double Height, (double R, double G, double B) Color);

/// <summary>
/// Interprets the operators of a content stream that the tests care about: text (BT/Tf/Td/Tj/ET)
/// and filled rectangles (re … f), tracking the fill colour (rg).
/// </summary>
public sealed class PdfContent
{
    private static readonly Encoding WinAnsi = CreateWinAnsi();

    private PdfContent(IReadOnlyList<PdfTextRun> text, IReadOnlyList<PdfFilledRectangle> rectangles, IReadOnlyList<string> operators)
    {
        Text = text;
        Rectangles = rectangles;
        Operators = operators;
    }

    public IReadOnlyList<PdfTextRun> Text { get; }

    public IReadOnlyList<PdfFilledRectangle> Rectangles { get; }

    public IReadOnlyList<string> Operators { get; }

    public IEnumerable<string> Strings => Text.Select(t => t.Text);

    public static PdfContent Parse(string content)
    {
        var parser = new PdfFileReader.Parser(Encoding.ASCII.GetBytes(content), 0);
        var operands = new List<object?>();
        var text = new List<PdfTextRun>();
        var rectangles = new List<PdfFilledRectangle>();
        var operators = new List<string>();
        var pendingRectangles = new List<(double, double, double, double)>();
        (double, double, double) fill = (0, 0, 0);
        string? font = null;
        double size = 0, x = 0, y = 0;
        var inText = false;

        while (!parser.AtEnd)
        {
            var value = parser.ReadValue();
            if (value is not string op)
            {
                operands.Add(value);
                continue;
            }

            operators.Add(op);
            switch (op)
            {
                case "BT":
                    inText = true;
                    x = y = 0;
                    break;
                case "ET":
                    inText = false;
                    break;
                case "Tf":
                    font = ((PdfName)operands[0]!).Value;
                    size = Number(operands[1]);
                    break;
                case "Td":
                    x += Number(operands[0]);
                    y += Number(operands[1]);
                    break;
                case "Tj":
                    if (!inText || font is null)
                    {
                        throw new InvalidDataException("Tj outside BT/ET or before Tf.");
                    }

                    text.Add(new PdfTextRun(font, size, x, y, WinAnsi.GetString(((PdfString)operands[0]!).Bytes)));
                    break;
                case "rg":
                    fill = (Number(operands[0]), Number(operands[1]), Number(operands[2]));
                    break;
                case "re":
                    pendingRectangles.Add((Number(operands[0]), Number(operands[1]), Number(operands[2]), Number(operands[3])));
                    break;
                case "f":
                    rectangles.AddRange(pendingRectangles.Select(r => new PdfFilledRectangle(r.Item1, r.Item2, r.Item3, r.Item4, fill)));
                    pendingRectangles.Clear();
                    break;
                case "S":
                    pendingRectangles.Clear();
                    break;
            }

            operands.Clear();
        }

        if (inText || operands.Count > 0)
        {
            throw new InvalidDataException("The content stream ends inside a text object or with dangling operands.");
        }

        return new PdfContent(text, rectangles, operators);
    }

    private static double Number(object? value) => Convert.ToDouble(value, CultureInfo.InvariantCulture);

    private static Encoding CreateWinAnsi()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }
}
