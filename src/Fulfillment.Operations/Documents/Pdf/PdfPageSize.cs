namespace Fulfillment.Operations.Documents.Pdf;

/// <summary>A page size in PDF points (1/72 inch).</summary>
public readonly record struct PdfPageSize(double Width, double Height)
{
    public static PdfPageSize Letter { get; } = new(612, 792);
    public static PdfPageSize A4 { get; } = new(595.28, 841.89);

    /// <summary>The 4 × 6 inch thermal shipping label.</summary>
    public static PdfPageSize Label4x6 { get; } = new(288, 432);
}
