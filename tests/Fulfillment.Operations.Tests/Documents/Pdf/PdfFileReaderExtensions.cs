namespace Fulfillment.Operations.Tests.Documents.Pdf;

public static class PdfFileReaderExtensions
{
    /// <summary>Each page's content, parsed.</summary>
    public static IReadOnlyList<PdfContent> PageContents(this PdfFileReader file) =>
        [.. Enumerable.Range(0, file.Pages.Count).Select(i => PdfContent.Parse(file.ContentOf(i)))];

    /// <summary>Every string shown on every page, in drawing order.</summary>
    public static IReadOnlyList<string> AllStrings(this PdfFileReader file) =>
        [.. file.PageContents().SelectMany(c => c.Strings)];
}
