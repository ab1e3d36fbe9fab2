namespace Fulfillment.Fuzz.Tests.Definitions;

/// <summary>
/// The definitions mutations start from: every file of the repository's <c>workflows/</c> (copied next
/// to the binaries by the server project) and the hand-made seeds in <c>Corpus/</c> that use every
/// built-in activity, user tasks and approvals.
/// </summary>
public static class DefinitionCorpus
{
    private static readonly string[] Folders = ["workflows", "Corpus"];

    public static IReadOnlyList<CorpusEntry> Load()
    {
        var files = Folders
            .Select(folder => Path.Combine(AppContext.BaseDirectory, folder))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.json"))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (!files.Any(f => f.Contains($"{Path.DirectorySeparatorChar}workflows{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"No workflows/*.json next to the test binaries in {AppContext.BaseDirectory}.");
        }

        return [.. files.Select(f => new CorpusEntry(Path.GetFileNameWithoutExtension(f), File.ReadAllText(f)))];
    }
}

/// <param name="Id">The workflow id, which is also the file name.</param>
public sealed record CorpusEntry(string Id, string Json);
