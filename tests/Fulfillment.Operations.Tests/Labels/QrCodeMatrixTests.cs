using Fulfillment.Operations.Labels;
using QRCoder;

namespace Fulfillment.Operations.Tests.Labels;

public sealed class QrCodeMatrixTests
{
    [Fact]
    public void The_quiet_zone_is_removed_and_the_finder_patterns_sit_in_the_corners()
    {
        var matrix = QrCodeMatrix.Encode("HELLO");

        matrix.Size.ShouldBe(21);   // version 1
        foreach (var (top, left) in new[] { (0, 0), (0, 14), (14, 0) })
        {
            for (var i = 0; i < 7; i++)
            {
                // The finder pattern's outer ring is dark on all four sides…
                matrix[top, left + i].ShouldBeTrue();
                matrix[top + 6, left + i].ShouldBeTrue();
                matrix[top + i, left].ShouldBeTrue();
                matrix[top + i, left + 6].ShouldBeTrue();
            }

            // …with a light ring inside it and a dark 3 × 3 centre.
            matrix[top + 1, left + 1].ShouldBeFalse();
            matrix[top + 3, left + 3].ShouldBeTrue();
        }

        matrix[20, 20].ShouldBeFalse();   // no finder pattern bottom right
    }

    [Fact]
    public void It_is_QRCoders_matrix_for_the_same_text_and_error_correction()
    {
        const string url = "https://track.fulfillment.local/sim/SIM100200300405";
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);

        var matrix = QrCodeMatrix.Encode(url);

        matrix.Size.ShouldBe(data.ModuleMatrix.Count - 8);
        for (var row = 0; row < matrix.Size; row++)
        {
            for (var column = 0; column < matrix.Size; column++)
            {
                matrix[row, column].ShouldBe(data.ModuleMatrix[row + 4][column + 4]);
            }
        }
    }
}
