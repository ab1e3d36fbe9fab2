namespace Fulfillment.Fuzz.Tests.Definitions;

/// <summary>JavaScript that must never hurt the server: broken syntax, and code that is valid but hostile.</summary>
public static class Expressions
{
    /// <summary>Code that does not parse; the validator must name its path.</summary>
    public static IReadOnlyList<string> SyntaxErrors { get; } =
    [
        "", " ", "total >", "((", "}", "function(", "'unterminated", "/*", "a b c", "return 1", "await x", "yield 1",
        "import x from 'y'", "export default 1", "#!", "\u0000", "let let = 1", "class {", "`${", "/[/", "1 = 2", "@decorator",
    ];

    /// <summary>
    /// Code that parses and fails or breaks a sandbox limit when it runs, cheaply (the statement,
    /// recursion and memory limits stop these in milliseconds; the time limit is left to the sandbox test).
    /// </summary>
    public static IReadOnlyList<string> Hostile { get; } =
    [
        "while (true) { }", "for (;;) { }", "(function f() { return f(); })()", "'x'.repeat(1e7)", "'x'.repeat(2 ** 31)",
        "new Array(1e9).fill(0)", "Array.from({ length: 1e8 })", "JSON.parse('['.repeat(100000))", "undefinedVariable.x",
        "throw new Error('boom')", "(() => { throw 1; })()", "Symbol()", "1n", "new Proxy({}, {})", "null", "undefined", "NaN", "1 / 0",
        "Object.prototype.polluted = 1", "Array.prototype.map = null", "this.constructor.constructor('return this')()",
        "eval('1 + 1')", "Function('return 1')()", "importNamespace('System.IO')", "System.IO.File.ReadAllText('/etc/passwd')", "clrTypeof(1)",
        "new Date(8.64e15 + 1)", "new Date(NaN)", "({ toJSON() { while (true) { } } })", "[].concat.apply([], new Array(1e6))",
        "((a) => a)(...new Array(1e6))",
    ];

    /// <summary>Valid expressions of extreme shape: deep nesting and very long chains.</summary>
    public static string ExtremeShape(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var size = random.Next(4) == 0 ? random.Next(10_000, 200_000) : random.Next(100, 5_000);
        return random.Next(4) switch
        {
            0 => new string('(', size) + "1" + new string(')', size),
            1 => string.Concat(Enumerable.Repeat("1+", size)) + "1",
            2 => new string('[', size) + new string(']', size),
            _ => string.Concat(Enumerable.Repeat("!", size)) + "true",
        };
    }

    public static string Any(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return random.Next(5) switch
        {
            0 or 1 => SyntaxErrors[random.Next(SyntaxErrors.Count)],
            2 or 3 => Hostile[random.Next(Hostile.Count)],
            _ => ExtremeShape(random),
        };
    }
}
