using System.ComponentModel;
using System.Diagnostics;

namespace Fulfillment.Operations.Tests.Documents.Pdf;

/// <summary>
/// Real PDF readers as a second opinion: <c>qpdf --check</c> (structure) and <c>pdftotext</c>
/// (poppler, the engine behind many viewers). test.sh installs both; a test that needs one fails
/// when it is missing, it is never skipped.
/// </summary>
public static class ExternalPdfTools
{
    public static Task<string> QpdfCheckAsync(byte[] pdf) =>
        RunOnFileAsync(pdf, "qpdf", "qpdf", file => ["--check", file]);

    public static Task<string> PdfToTextAsync(byte[] pdf) =>
        RunOnFileAsync(pdf, "pdftotext", "poppler-utils", file => ["-layout", "-enc", "UTF-8", file, "-"]);

    public static Task<string> PdfInfoAsync(byte[] pdf) =>
        RunOnFileAsync(pdf, "pdfinfo", "poppler-utils", file => ["-enc", "UTF-8", file]);

    /// <summary>Runs a tool on a temporary copy of <paramref name="file"/>; returns its standard output or throws with its errors.</summary>
    public static async Task<string> RunOnFileAsync(byte[] file, string tool, string aptPackages, Func<string, string[]> arguments,
        string extension = ".pdf")
    {
        var path = Path.Combine(Path.GetTempPath(), $"fulfillment-{Guid.NewGuid():N}{extension}");
        await File.WriteAllBytesAsync(path, file);
        try
        {
            return await RunAsync(tool, aptPackages, arguments(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static async Task<string> RunAsync(string tool, string aptPackages, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException(
                $"'{tool}' is not installed; this test is never skipped. Run ./test.sh (it installs it) or " +
                $"apt-get install -y {aptPackages}.", ex);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{tool} exited with {process.ExitCode}: {await errors}{await output}");
            }

            return await output;
        }
    }
}
