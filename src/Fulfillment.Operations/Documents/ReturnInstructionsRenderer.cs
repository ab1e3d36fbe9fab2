using System.Globalization;
using System.Text;
using Fulfillment.Operations.Documents.Pdf;

namespace Fulfillment.Operations.Documents;

/// <summary>Renders return instructions: reference, numbered steps, return address and policy, as PDF and as plain text.</summary>
public static class ReturnInstructionsRenderer
{
    private static readonly TableColumn[] ItemColumns =
    [
        new("SKU", 1.4),
        new("Description", 4),
        new("Qty", 0.7, PdfTextAlign.Right),
        new("Reason", 2.2),
    ];

    public static RenderedDocument Render(ReturnInstructionsData instructions)
    {
        ArgumentNullException.ThrowIfNull(instructions);
        if (instructions.Policy.WindowDays < 1)
        {
            throw new InvalidDocumentDataException("policy.windowDays", "The return window is at least one day.");
        }

        return new RenderedDocument($"return-instructions-{instructions.Reference}.pdf", RenderPdf(instructions), RenderText(instructions));
    }

    private static byte[] RenderPdf(ReturnInstructionsData data)
    {
        var document = new PdfDocument { Title = $"Return instructions {data.Reference}" };
        var flow = new PageFlow(document, $"Return instructions {data.Reference}");

        flow.Line(data.Seller.Name, PdfFont.HelveticaBold, 16);
        flow.Line("Return instructions", PdfFont.HelveticaBold, 22);
        flow.Gap(4);
        flow.Line($"Hello {data.CustomerName}, here is how to return items from order {data.OrderNumber}.");
        flow.Gap(8);

        var reference = data.RmaNumber is null ? $"Order number: {data.OrderNumber}" : $"Return authorisation (RMA): {data.RmaNumber}";
        var deadline = data.ReturnBy is { } date ? $"Return by: {DocumentText.Date(date)}" : $"Return within {data.Policy.WindowDays} days of delivery";
        flow.Box(reference, [$"Order number: {data.OrderNumber}", deadline, $"Write {data.Reference} on the outside of the parcel."], size: 11);

        if (data.Items is { Count: > 0 } items)
        {
            flow.Line("Items you are returning", PdfFont.HelveticaBold, 11);
            flow.Table(ItemColumns, items.Select(i => (IReadOnlyList<string>)
                [i.Sku, i.Description, i.Quantity.ToString(CultureInfo.InvariantCulture), i.Reason ?? ""]));
        }

        flow.Line("How to return", PdfFont.HelveticaBold, 11);
        var steps = data.EffectiveSteps;
        for (var i = 0; i < steps.Count; i++)
        {
            flow.EnsureRoom(PageFlow.LineHeight(PageFlow.BodySize));
            flow.Page.DrawText($"{i + 1}.", flow.Left + 4, flow.Y + PageFlow.BodySize * 0.8, PdfFont.HelveticaBold, PageFlow.BodySize);
            flow.Paragraph(steps[i], indent: 22);
            flow.Gap(2);
        }

        flow.Gap(6);
        flow.Box("Send your parcel to", data.ReturnAddress.ToLines(), size: 12);
        flow.Line("Our return policy", PdfFont.HelveticaBold, 11);
        flow.Paragraph(data.Policy.Describe(data.ReturnBy));
        flow.Finish($"{data.Seller.Name}  ·  {data.Seller.ContactLine}  ·  Issued {DocumentText.Date(data.IssuedOn)}");
        return document.ToArray();
    }

    private static string RenderText(ReturnInstructionsData data)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Return instructions for order {data.OrderNumber}");
        if (data.RmaNumber is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Return authorisation (RMA): {data.RmaNumber}");
        }

        if (data.ReturnBy is { } date)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Return by: {DocumentText.Date(date)}");
        }

        foreach (var item in data.Items ?? [])
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {item.Quantity} × {item.Description} [{item.Sku}]{(item.Reason is null ? "" : $" — {item.Reason}")}");
        }

        text.AppendLine();
        var steps = data.EffectiveSteps;
        for (var i = 0; i < steps.Count; i++)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{i + 1}. {steps[i]}");
        }

        text.AppendLine();
        text.AppendLine("Send your parcel to:");
        foreach (var line in data.ReturnAddress.ToLines())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {line}");
        }

        text.AppendLine();
        text.AppendLine(data.Policy.Describe(data.ReturnBy));
        return text.ToString();
    }
}
