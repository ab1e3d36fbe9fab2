namespace Fulfillment.Operations.Documents.Pdf;

/// <summary>Where the x coordinate given to <see cref="PdfPage.DrawText"/> sits on the text.</summary>
public enum PdfTextAlign
{
    Left,
    Center,
    Right,
}
