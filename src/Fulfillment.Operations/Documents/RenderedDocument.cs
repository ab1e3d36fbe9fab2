namespace Fulfillment.Operations.Documents;

/// <summary>
/// A document in both forms: the PDF to file and download, and plain text for the body of an
/// e-mail. <see cref="FileName"/> is a suggested name such as <c>invoice-INV-1001.pdf</c>.
/// </summary>
public record RenderedDocument(string FileName, byte[] Pdf, string Text);
