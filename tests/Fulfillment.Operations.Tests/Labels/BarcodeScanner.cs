using Fulfillment.Operations.Tests.Documents.Pdf;

namespace Fulfillment.Operations.Tests.Labels;

/// <summary>
/// An independent reader: poppler renders the PDF to a bitmap and zbar (a real barcode scanner
/// library) reads every symbol on it. Returns lines such as "CODE-128:SIM123" and "QR-Code:https://…".
/// </summary>
public static class BarcodeScanner
{
    public static async Task<IReadOnlyList<string>> ScanAsync(byte[] pdf)
    {
        var prefix = Path.Combine(Path.GetTempPath(), $"fulfillment-label-{Guid.NewGuid():N}");
        try
        {
            await ExternalPdfTools.RunOnFileAsync(pdf, "pdftoppm", "poppler-utils", file => ["-png", "-r", "150", "-singlefile", file, prefix]);
            var output = await ExternalPdfTools.RunAsync("zbarimg", "zbar-tools", ["--quiet", prefix + ".png"]);
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        finally
        {
            File.Delete(prefix + ".png");
        }
    }
}
