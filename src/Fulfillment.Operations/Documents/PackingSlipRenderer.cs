using System.Globalization;
using System.Text;
using Fulfillment.Operations.Carriers;
using Fulfillment.Operations.Documents.Pdf;

namespace Fulfillment.Operations.Documents;

/// <summary>
/// Renders the packing slip that goes into the parcel and guides the packer. Lines are printed in
/// shelf-location order, the order a picker walks the aisles; special instructions sit in a box
/// above the lines so they cannot be missed.
/// </summary>
public static class PackingSlipRenderer
{
    private static readonly TableColumn[] Columns =
    [
        new("", 0.35, Checkbox: true),
        new("Location", 1.1),
        new("SKU", 1.4),
        new("Description", 4),
        new("Qty", 0.7, PdfTextAlign.Right),
    ];

    public static RenderedDocument Render(PackingSlipData slip)
    {
        ArgumentNullException.ThrowIfNull(slip);
        if (slip.Lines.Count == 0)
        {
            throw new InvalidDocumentDataException("lines", "A packing slip needs at least one line.");
        }

        for (var i = 0; i < slip.Lines.Count; i++)
        {
            if (slip.Lines[i].Quantity < 1)
            {
                throw new InvalidDocumentDataException($"lines[{i}].quantity", $"The quantity must be at least 1, not {slip.Lines[i].Quantity}.");
            }
        }

        var lines = PickOrder(slip.Lines);
        return new RenderedDocument($"packing-slip-{slip.OrderNumber}.pdf", RenderPdf(slip, lines), RenderText(slip, lines));
    }

    /// <summary>Lines sorted by shelf location (those without one last), then SKU.</summary>
    public static IReadOnlyList<PackingSlipLine> PickOrder(IEnumerable<PackingSlipLine> lines) =>
        [.. lines.OrderBy(l => l.ShelfLocation is null).ThenBy(l => l.ShelfLocation, StringComparer.OrdinalIgnoreCase).ThenBy(l => l.Sku, StringComparer.Ordinal)];

    private static byte[] RenderPdf(PackingSlipData slip, IReadOnlyList<PackingSlipLine> lines)
    {
        var document = new PdfDocument { Title = $"Packing slip {slip.OrderNumber}" };
        var flow = new PageFlow(document, $"Packing slip {slip.OrderNumber}");

        var top = flow.Y;
        flow.Page.DrawText("PACKING SLIP", flow.Right, top + 20, PdfFont.HelveticaBold, 22, PdfTextAlign.Right);
        flow.Line(slip.Seller.Name, PdfFont.HelveticaBold, 16);
        if (slip.Warehouse is not null)
        {
            flow.Line($"Warehouse: {slip.Warehouse}", size: 9);
        }

        var below = flow.Y;
        flow.Y = top + 34;
        flow.RightLabelledValue("Order no.", slip.OrderNumber);
        flow.RightLabelledValue("Date", DocumentText.Date(slip.PreparedOn));
        flow.RightLabelledValue("Shipping", slip.ShippingMethod.DisplayName(), valueFont: PdfFont.HelveticaBold);
        flow.Y = Math.Max(below, flow.Y) + 14;

        flow.SideBySide(("Ship to", slip.ShipTo.ToLines()), ("Customer", [slip.CustomerName]));
        flow.Gap(8);

        if (slip.SpecialInstructions is { Count: > 0 } instructions)
        {
            flow.Box("SPECIAL INSTRUCTIONS", instructions.Select(i => "• " + i));
        }

        flow.Table(Columns, lines.Select(l => (IReadOnlyList<string>)
            ["", l.ShelfLocation ?? "—", l.Sku, l.Description, l.Quantity.ToString(CultureInfo.InvariantCulture)]));
        flow.RightLabelledValue("Total units", lines.Sum(l => l.Quantity).ToString(CultureInfo.InvariantCulture), size: 11, valueFont: PdfFont.HelveticaBold);

        flow.Gap(24);
        flow.EnsureRoom(30);
        var signatures = flow.Y + 16;
        flow.Page.DrawLine(flow.Left, signatures, flow.Left + 200, signatures, 0.5);
        flow.Page.DrawLine(flow.Right - 200, signatures, flow.Right, signatures, 0.5);
        flow.Page.DrawText("Packed by", flow.Left, signatures + 10, PdfFont.Helvetica, 8, color: PdfColor.MidGray);
        flow.Page.DrawText("Checked by", flow.Right - 200, signatures + 10, PdfFont.Helvetica, 8, color: PdfColor.MidGray);
        flow.Y = signatures + 20;

        flow.Finish($"{slip.Seller.Name}  ·  {slip.Seller.ContactLine}".TrimEnd(' ', '·'));
        return document.ToArray();
    }

    private static string RenderText(PackingSlipData slip, IReadOnlyList<PackingSlipLine> lines)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"PACKING SLIP — order {slip.OrderNumber} ({slip.ShippingMethod.DisplayName()})");
        text.AppendLine(CultureInfo.InvariantCulture, $"Ship to: {string.Join(", ", slip.ShipTo.ToLines())}");
        foreach (var instruction in slip.SpecialInstructions ?? [])
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"!! {instruction}");
        }

        text.AppendLine();
        foreach (var line in lines)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"[ ] {line.ShelfLocation ?? "-",-8} {line.Quantity,4} × {line.Sku} {line.Description}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"Total units: {lines.Sum(l => l.Quantity)}");
        return text.ToString();
    }
}
