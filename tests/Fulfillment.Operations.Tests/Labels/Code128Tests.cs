using Fulfillment.Operations.Labels;

namespace Fulfillment.Operations.Tests.Labels;

public sealed class Code128Tests
{
    [Fact]
    public void The_symbol_table_has_the_shape_the_standard_requires()
    {
        var patterns = Code128.Patterns;

        patterns.Count.ShouldBe(107);
        patterns.Take(106).ShouldAllBe(p => p.Length == 6 && p.Sum(c => c - '0') == 11);
        patterns[Code128.Stop].Sum(c => c - '0').ShouldBe(13);
        // Bars of a symbol add up to an even number of modules, spaces to an odd one (the parity check scanners use).
        patterns.Take(106).ShouldAllBe(p => (p[0] + p[2] + p[4] - 3 * '0') % 2 == 0);
        patterns.Distinct().Count().ShouldBe(107);
    }

    [Fact]
    public void A_tracking_number_switches_to_code_set_C_for_its_digits()
    {
        var symbol = Code128.Encode("SIM100200300405");

        // Start B, S I M, Code C, 10 02 00 30 04 05, check, stop. Check: (104 + 51·1 + 41·2 + 45·3 + 99·4
        // + 10·5 + 2·6 + 0·7 + 30·8 + 4·9 + 5·10) mod 103 = 1156 mod 103 = 23.
        symbol.Codes.ShouldBe([104, 51, 41, 45, 99, 10, 2, 0, 30, 4, 5, 23, 106]);
        symbol.Modules.Length.ShouldBe(11 * 12 + 13);
        symbol.Modules.ShouldStartWith("11010010000");   // start B
        symbol.Modules.ShouldEndWith("1100011101011");   // stop with its final bar
    }

    [Theory]
    [InlineData("1234AB", new[] { 105, 12, 34, 100, 33, 34 })]                 // leading four digits: start in C
    [InlineData("42", new[] { 105, 42 })]                                    // two digits alone: C
    [InlineData("AB1234", new[] { 104, 33, 34, 99, 12, 34 })]                // four digits at the end: switch
    [InlineData("AB1234CD", new[] { 104, 33, 34, 17, 18, 19, 20, 35, 36 })]  // four in the middle: not worth it
    [InlineData("A1234567B", new[] { 104, 33, 17, 99, 23, 45, 67, 100, 34 })] // odd run: first digit stays in B
    [InlineData("12345", new[] { 105, 12, 34, 100, 21 })]                     // odd all-digit data: last digit in B
    [InlineData("a b~", new[] { 104, 65, 0, 66, 94 })]
    public void Code_sets_are_chosen_per_ISO_15417_annex_E(string text, int[] expectedData)
    {
        var codes = Code128.Encode(text).Codes;

        codes.Take(codes.Count - 2).ShouldBe(expectedData);
        codes[^2].ShouldBe(Code128.Checksum(expectedData));
        Code128Decoder.DecodeModules(Code128.Encode(text).Modules).ShouldBe(text);
    }

    [Fact]
    public void Every_printable_character_and_every_digit_pair_round_trips()
    {
        var printable = new string([.. Enumerable.Range(' ', 95).Select(c => (char)c)]);
        var pairs = string.Concat(Enumerable.Range(0, 100).Select(n => n.ToString("00", System.Globalization.CultureInfo.InvariantCulture)));

        Code128Decoder.DecodeModules(Code128.Encode(printable).Modules).ShouldBe(printable);
        Code128Decoder.DecodeModules(Code128.Encode(pairs).Modules).ShouldBe(pairs);
        Code128.Encode(pairs).Codes.Skip(1).Take(100).ShouldBe(Enumerable.Range(0, 100));
    }

    [Fact]
    public void Random_text_decodes_back_to_itself()
    {
        var random = new Random(128);
        const string alphabet = "0123456789012345678901234567890123456789ABCDEFXYZ-abc /~";
        for (var i = 0; i < 500; i++)
        {
            var text = new string([.. Enumerable.Range(0, random.Next(1, 30)).Select(_ => alphabet[random.Next(alphabet.Length)])]);

            Code128Decoder.DecodeModules(Code128.Encode(text).Modules).ShouldBe(text, $"text '{text}'");
        }
    }

    [Fact]
    public void The_decoder_rejects_a_damaged_symbol()
    {
        var modules = Code128.Encode("SIM100200300405").Modules.ToCharArray();
        // Swap a bar and a space inside the first data symbol ('S'): the pattern no longer exists or the check fails.
        (modules[12], modules[13]) = (modules[13], modules[12]);

        Should.Throw<InvalidDataException>(() => Code128Decoder.DecodeModules(new string(modules)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("tab\there")]
    [InlineData("café")]
    public void Text_outside_printable_ASCII_is_refused(string text)
    {
        Should.Throw<ArgumentException>(() => Code128.Encode(text));
    }
}
