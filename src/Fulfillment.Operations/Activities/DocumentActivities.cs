using System.Text.Json.Nodes;
using Fulfillment.Operations.Customers;
using Fulfillment.Operations.Documents;
using Fulfillment.Operations.Filing;
using Fulfillment.Operations.Model;
using Fulfillment.Operations.Orders;
using Fulfillment.Operations.Storage;
using Fulfillment.Workflows.Sdk;
using Microsoft.Extensions.Options;

namespace Fulfillment.Operations.Activities;

// Durability of the document steps: rendering is pure, and the files are written as commit effects
// (DocumentFiled) in the step's own commit, replacing a file of the same name. A re-run after a crash
// therefore files each document once, and a step that faults files nothing.

/// <summary>"Prepare invoice": the order's invoice (lines, discount, shipping, tax, total) as a PDF filed with the order.</summary>
[Activity("Documents", "Create invoice",
    Description = "Renders the order's invoice (prices, discounts, shipping, taxes, total) as a PDF and files it with the order.")]
public sealed class CreateInvoice(OrderService orders, InvoiceRenderer renderer, IOptions<ShopOptions> shop) : OrderActivity(orders)
{
    [Output(Description = "The invoice number, e.g. INV-A-1001.")]
    public string? InvoiceNumber { get; set; }

    [Output(Description = "The invoice total (with shipping and tax).")]
    public decimal Total { get; set; }

    [Output(Description = "The filed PDF's file name.")]
    public string? FileName { get; set; }

    protected override async ValueTask<string> RunAsync(ActivityContext context)
    {
        var order = await GetOrderAsync(context);
        var invoice = renderer.Render(OrderPaperwork.Invoice(order, shop.Value, DateOnly.FromDateTime(context.Now.UtcDateTime)));
        context.AddCommitEffect(new DocumentFiled(order.Id, DocumentKind.Invoice, invoice.FileName, "application/pdf", invoice.Pdf, context.Now));
        InvoiceNumber = OrderPaperwork.InvoiceNumber(order);
        Total = invoice.Totals.Total;
        FileName = invoice.FileName;
        context.Journal($"Invoice {InvoiceNumber} filed: {Documents.Money.Format(Total, order.Currency)}");
        StepSubmission.Record(context, new JsonObject { ["invoiceNumber"] = InvoiceNumber, ["total"] = Total, ["file"] = FileName });
        return ActivityOutcomes.Done;
    }
}

/// <summary>Which documents <see cref="FileDocuments"/> files.</summary>
public enum OrderDocumentSet
{
    /// <summary>Invoice, packing slip and the general return instructions.</summary>
    All,
    Invoice,
    PackingSlip,
    ReturnInstructions,
}

/// <summary>
/// "File order documents": the order's paperwork (invoice, packing slip with the pick locations and the
/// customer's special instructions, return instructions) rendered as PDFs and filed with the order,
/// downloadable from <c>GET /api/orders/{id}</c>'s document links.
/// </summary>
[Activity("Documents", "File documents",
    Description = "Renders the invoice, the packing slip and the return instructions as PDFs and files them with the order (a return's instructions when a return is named).")]
public sealed class FileDocuments(OrderService orders, OrderPicks picks, InvoiceRenderer invoices, Returns.ReturnService returns, IOptions<ShopOptions> shop)
    : OrderActivity(orders)
{
    [Input(Description = "Which documents to file.", DefaultValue = "\"All\"")]
    public OrderDocumentSet Documents { get; set; } = OrderDocumentSet.All;

    [Input(Description = "For return instructions of an authorised return: the return request. Empty: the workflow variable returnId, if any.")]
    public int? ReturnId { get; set; }

    [Output(Description = "The file names filed.")]
    public IReadOnlyList<string> Filed { get; set; } = [];

    protected override async ValueTask<string> RunAsync(ActivityContext context)
    {
        var order = await GetOrderAsync(context);
        var today = DateOnly.FromDateTime(context.Now.UtcDateTime);
        var filed = new List<string>();
        void File(DocumentKind kind, RenderedDocument document)
        {
            context.AddCommitEffect(new DocumentFiled(order.Id, kind, document.FileName, "application/pdf", document.Pdf, context.Now));
            filed.Add(document.FileName);
        }

        if (Documents is OrderDocumentSet.All or OrderDocumentSet.Invoice)
        {
            File(DocumentKind.Invoice, invoices.Render(OrderPaperwork.Invoice(order, shop.Value, today)));
        }

        if (Documents is OrderDocumentSet.All or OrderDocumentSet.PackingSlip)
        {
            var locations = await picks.LoadAsync(order.Id, context.CancellationToken);
            File(DocumentKind.PackingSlip, PackingSlipRenderer.Render(OrderPaperwork.PackingSlip(order, locations, shop.Value, today)));
        }

        if (Documents is OrderDocumentSet.All or OrderDocumentSet.ReturnInstructions)
        {
            var returnId = ReturnId ?? (context.GetVariable("returnId") is { } variable ? variable.GetValue<int>() : null);
            var request = returnId is { } id ? await returns.FindAsync(id, context.CancellationToken) : null;
            File(DocumentKind.ReturnInstructions, ReturnInstructionsRenderer.Render(OrderPaperwork.ReturnInstructions(order, request, order.DeliveredAt, shop.Value, today)));
        }

        Filed = filed;
        context.Journal($"Filed {string.Join(", ", filed)} for order {order.OrderNumber}");
        StepSubmission.Record(context, new JsonObject { ["filed"] = new JsonArray([.. filed.Select(f => (JsonNode)JsonValue.Create(f)!)]) });
        return ActivityOutcomes.Done;
    }
}
