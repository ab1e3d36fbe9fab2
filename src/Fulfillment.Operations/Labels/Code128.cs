using System.Text;

namespace Fulfillment.Operations.Labels;

/// <summary>
/// A Code 128 symbol: the code values from start to stop (check symbol included) and the module
/// pattern, '1' for a bar module and '0' for a space module, without quiet zones (leave at least ten
/// modules clear on each side when printing).
/// </summary>
public sealed record Code128Symbol(string Text, IReadOnlyList<int> Codes, string Modules);

/// <summary>
/// Encodes printable ASCII as Code 128 using code set B for text and code set C (two digits per
/// symbol) for runs of digits long enough to pay for the switch, as ISO/IEC 15417 Annex E suggests:
/// start in C when the data begins with four or more digits; switch to C for a run of four digits at
/// the end of the data or six in the middle (an odd run leaves its first digit in B); switch back to
/// B when fewer than two digits remain.
/// </summary>
public static class Code128
{
    public const int CodeC = 99;
    public const int CodeB = 100;
    public const int StartB = 104;
    public const int StartC = 105;
    public const int Stop = 106;

    // Bar/space widths (bar first) of every symbol value 0–106, in modules. Each of 0–105 spans 11
    // modules; the stop symbol, with its final bar, spans 13.
    private static readonly string[] Widths =
    [
        "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213",
        "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132",
        "221231", "213212", "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211",
        "212123", "212321", "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313",
        "231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121", "313121", "211331",
        "231131", "213113", "213311", "213131", "311123", "311321", "331121", "312113", "312311", "332111",
        "314111", "221411", "431111", "111224", "111422", "121124", "121421", "141122", "141221", "112214",
        "112412", "122114", "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",
        "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
        "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311", "113141",
        "114131", "311141", "411131", "211412", "211214", "211232", "2331112",
    ];

    /// <summary>The bar/space widths of every symbol value, for tests and decoders.</summary>
    internal static IReadOnlyList<string> Patterns => Widths;

    public static Code128Symbol Encode(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        var invalid = text.IndexOfAnyExceptInRange(' ', '~');
        if (invalid >= 0)
        {
            throw new ArgumentException($"Code 128 set B/C encodes printable ASCII only; '{text[invalid]}' at position {invalid} is not.", nameof(text));
        }

        var codes = new List<int>();
        var inC = DigitRun(text, 0) >= 4 || (text.Length == 2 && DigitRun(text, 0) == 2);
        codes.Add(inC ? StartC : StartB);
        for (var i = 0; i < text.Length;)
        {
            if (inC)
            {
                if (DigitRun(text, i) >= 2)
                {
                    codes.Add((text[i] - '0') * 10 + (text[i + 1] - '0'));
                    i += 2;
                    continue;
                }

                codes.Add(CodeB);
                inC = false;
            }

            var run = DigitRun(text, i);
            var runEndsData = i + run == text.Length;
            if (run >= 6 || (run >= 4 && runEndsData))
            {
                if (run % 2 == 1)
                {
                    codes.Add(text[i] - ' ');
                    i++;
                }

                codes.Add(CodeC);
                inC = true;
                continue;
            }

            codes.Add(text[i] - ' ');
            i++;
        }

        codes.Add(Checksum(codes));
        codes.Add(Stop);
        return new Code128Symbol(text, codes, ToModules(codes));
    }

    /// <summary>The weighted modulo-103 check symbol of the start symbol and data symbols.</summary>
    public static int Checksum(IReadOnlyList<int> startAndData)
    {
        var sum = startAndData[0];
        for (var position = 1; position < startAndData.Count; position++)
        {
            sum += startAndData[position] * position;
        }

        return sum % 103;
    }

    private static int DigitRun(string text, int start)
    {
        var end = start;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        return end - start;
    }

    private static string ToModules(IEnumerable<int> codes)
    {
        var modules = new StringBuilder();
        foreach (var code in codes)
        {
            var bar = true;
            foreach (var width in Widths[code])
            {
                modules.Append(bar ? '1' : '0', width - '0');
                bar = !bar;
            }
        }

        return modules.ToString();
    }
}
