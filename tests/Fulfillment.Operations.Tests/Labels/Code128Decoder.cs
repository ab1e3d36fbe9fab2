using System.Text;

namespace Fulfillment.Operations.Tests.Labels;

/// <summary>
/// Reads Code 128 back, for the tests: from alternating bar/space widths in modules (bar first) to
/// text, checking the start symbol, the modulo-103 check symbol and the stop symbol. Handles code
/// sets B and C and the switches between them; its symbol table is the standard's, written out
/// here rather than taken from the encoder.
/// </summary>
public static class Code128Decoder
{
    // Bars and spaces of each value as a module string (1 = bar), per ISO/IEC 15417 table 1.
    private static readonly Dictionary<string, int> ValueOfPattern = BuildTable();

    public static string DecodeModules(string modules)
    {
        var widths = new List<int>();
        for (var i = 0; i < modules.Length;)
        {
            var end = i;
            while (end < modules.Length && modules[end] == modules[i])
            {
                end++;
            }

            widths.Add(end - i);
            i = end;
        }

        if (modules[0] != '1')
        {
            throw new InvalidDataException("The pattern must start with a bar.");
        }

        return DecodeWidths(widths);
    }

    /// <summary>Decodes element widths in modules, bar first, ending with the stop symbol's final bar.</summary>
    public static string DecodeWidths(IReadOnlyList<int> widths)
    {
        if (widths.Count < 6 * 3 + 7 || (widths.Count - 7) % 6 != 0)
        {
            throw new InvalidDataException($"{widths.Count} elements is not a whole number of symbols plus a stop.");
        }

        var values = new List<int>();
        for (var i = 0; i < widths.Count - 7; i += 6)
        {
            var pattern = ToModules(widths.Skip(i).Take(6));
            values.Add(ValueOfPattern.TryGetValue(pattern, out var value) ? value : throw new InvalidDataException($"No symbol has the pattern {pattern}."));
        }

        if (ToModules(widths.Skip(widths.Count - 7)) != "1100011101011")
        {
            throw new InvalidDataException("The symbol does not end with the stop pattern.");
        }

        var check = values[^1];
        var data = values.Take(values.Count - 1).ToList();
        var sum = data[0] + data.Skip(1).Select((v, i) => v * (i + 1)).Sum();
        if (sum % 103 != check)
        {
            throw new InvalidDataException($"Check symbol {check} does not match the data ({sum % 103}).");
        }

        var text = new StringBuilder();
        var set = data[0] switch
        {
            104 => 'B',
            105 => 'C',
            _ => throw new InvalidDataException($"Unsupported start symbol {data[0]}."),
        };
        foreach (var value in data.Skip(1))
        {
            switch (set, value)
            {
                case ('B', 99):
                    set = 'C';
                    break;
                case ('C', 100):
                    set = 'B';
                    break;
                case ('B', < 95):
                    text.Append((char)(value + 32));
                    break;
                case ('C', < 100):
                    text.Append(value.ToString("00", System.Globalization.CultureInfo.InvariantCulture));
                    break;
                default:
                    throw new InvalidDataException($"Value {value} is not data in code set {set}.");
            }
        }

        return text.ToString();
    }

    private static string ToModules(IEnumerable<int> widths)
    {
        var modules = new StringBuilder();
        var bar = true;
        foreach (var width in widths)
        {
            modules.Append(bar ? '1' : '0', width);
            bar = !bar;
        }

        return modules.ToString();
    }

    private static Dictionary<string, int> BuildTable()
    {
        string[] patterns =
        [
            "11011001100", "11001101100", "11001100110", "10010011000", "10010001100", "10001001100", "10011001000", "10011000100",
            "10001100100", "11001001000", "11001000100", "11000100100", "10110011100", "10011011100", "10011001110", "10111001100",
            "10011101100", "10011100110", "11001110010", "11001011100", "11001001110", "11011100100", "11001110100", "11101101110",
            "11101001100", "11100101100", "11100100110", "11101100100", "11100110100", "11100110010", "11011011000", "11011000110",
            "11000110110", "10100011000", "10001011000", "10001000110", "10110001000", "10001101000", "10001100010", "11010001000",
            "11000101000", "11000100010", "10110111000", "10110001110", "10001101110", "10111011000", "10111000110", "10001110110",
            "11101110110", "11010001110", "11000101110", "11011101000", "11011100010", "11011101110", "11101011000", "11101000110",
            "11100010110", "11101101000", "11101100010", "11100011010", "11101111010", "11001000010", "11110001010", "10100110000",
            "10100001100", "10010110000", "10010000110", "10000101100", "10000100110", "10110010000", "10110000100", "10011010000",
            "10011000010", "10000110100", "10000110010", "11000010010", "11001010000", "11110111010", "11000010100", "10001111010",
            "10100111100", "10010111100", "10010011110", "10111100100", "10011110100", "10011110010", "11110100100", "11110010100",
            "11110010010", "11011011110", "11011110110", "11110110110", "10101111000", "10100011110", "10001011110", "10111101000",
            "10111100010", "11110101000", "11110100010", "10111011110", "10111101110", "11101011110", "11110101110", "11010000100",
            "11010010000", "11010011100",
        ];
        return patterns.Select((pattern, value) => (pattern, value)).ToDictionary(p => p.pattern, p => p.value);
    }
}
