namespace Fulfillment.Operations.Documents.Pdf;

/// <summary>
/// Maps text to the single-byte WinAnsiEncoding (Windows-1252) that the standard Type 1 fonts use.
/// Written out here rather than taken from <c>CodePagesEncodingProvider</c> so that encoding needs no
/// process-wide registration and behaves the same everywhere. Characters outside the encoding
/// become <c>?</c>: the standard fonts have no glyphs for them.
/// </summary>
internal static class WinAnsiEncoding
{
    public const byte Unmappable = (byte)'?';

    // 0x80–0x9F are the only codes whose characters differ from ISO-8859-1 (0x81, 0x8D, 0x8F, 0x90 and 0x9D are unused).
    private static readonly Dictionary<char, byte> Windows1252Extras = new()
    {
        ['€'] = 0x80, ['‚'] = 0x82, ['ƒ'] = 0x83, ['„'] = 0x84, ['…'] = 0x85, ['†'] = 0x86, ['‡'] = 0x87,
        ['ˆ'] = 0x88, ['‰'] = 0x89, ['Š'] = 0x8A, ['‹'] = 0x8B, ['Œ'] = 0x8C, ['Ž'] = 0x8E, ['‘'] = 0x91,
        ['’'] = 0x92, ['“'] = 0x93, ['”'] = 0x94, ['•'] = 0x95, ['–'] = 0x96, ['—'] = 0x97, ['˜'] = 0x98,
        ['™'] = 0x99, ['š'] = 0x9A, ['›'] = 0x9B, ['œ'] = 0x9C, ['ž'] = 0x9E, ['Ÿ'] = 0x9F,
    };

    public static byte[] Encode(string text)
    {
        var bytes = new List<byte>(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            bytes.Add(rune.IsBmp ? EncodeChar((char)rune.Value) : Unmappable);
        }

        return [.. bytes];
    }

    public static byte EncodeChar(char c) => c switch
    {
        '\t' => (byte)' ',
        >= ' ' and <= '~' => (byte)c,
        >= '\u00A0' and <= '\u00FF' => (byte)c,
        _ => Windows1252Extras.GetValueOrDefault(c, Unmappable),
    };
}
