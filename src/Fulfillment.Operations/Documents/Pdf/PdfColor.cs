namespace Fulfillment.Operations.Documents.Pdf;

/// <summary>An RGB colour with components from 0 to 1 (PDF's DeviceRGB).</summary>
public readonly record struct PdfColor
{
    public PdfColor(double red, double green, double blue)
    {
        Red = Component(red, nameof(red));
        Green = Component(green, nameof(green));
        Blue = Component(blue, nameof(blue));
    }

    public double Red { get; }
    public double Green { get; }
    public double Blue { get; }

    public static PdfColor Black { get; } = new(0, 0, 0);
    public static PdfColor White { get; } = new(1, 1, 1);
    public static PdfColor LightGray { get; } = Gray(0.9);
    public static PdfColor MidGray { get; } = Gray(0.5);

    /// <summary>A neutral grey: 0 is black, 1 is white.</summary>
    public static PdfColor Gray(double level) => new(level, level, level);

    private static double Component(double value, string name) =>
        value is >= 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(name, value, "A colour component lies between 0 and 1.");
}
