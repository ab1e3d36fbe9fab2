using QRCoder;

namespace Fulfillment.Operations.Labels;

/// <summary>
/// The modules of a QR code (true = dark), without the quiet zone, from QRCoder with error
/// correction level M (15 % of the symbol may be damaged), the usual choice for labels.
/// </summary>
public sealed class QrCodeMatrix
{
    // QRCoder's module matrix includes a four-module quiet zone on every side.
    private const int QuietZone = 4;

    private readonly bool[,] _modules;

    private QrCodeMatrix(bool[,] modules) => _modules = modules;

    /// <summary>Modules per side (21 for version 1, +4 per version).</summary>
    public int Size => _modules.GetLength(0);

    public bool this[int row, int column] => _modules[row, column];

    public static QrCodeMatrix Encode(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var size = data.ModuleMatrix.Count - 2 * QuietZone;
        var modules = new bool[size, size];
        for (var row = 0; row < size; row++)
        {
            for (var column = 0; column < size; column++)
            {
                modules[row, column] = data.ModuleMatrix[row + QuietZone][column + QuietZone];
            }
        }

        return new QrCodeMatrix(modules);
    }
}
