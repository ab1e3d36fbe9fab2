using System.Text.Json.Nodes;
using Fulfillment.Messaging;
using Fulfillment.Operations.Carriers;
using Fulfillment.Messaging.Templates;
using Fulfillment.Operations.Filing;
using Fulfillment.Operations.Inventory;
using Fulfillment.Operations.Model;
using Fulfillment.Operations.Storage;
using Fulfillment.Workflows.Runtime;
using Fulfillment.Workflows.Sdk;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Fulfillment.Operations.Customers;

/// <summary>What a customer e-mail is about: the order, the template, and optionally a shipment, a return and extra data.</summary>
/// <param name="TrackingNumber">The shipment it is about; null: the order's newest shipment.</param>
/// <param name="ReturnId">The return request it is about; null: the order's newest return.</param>
/// <param name="Details">Extra data merged over the model (its properties win).</param>
public sealed record CustomerMessage(Order Order, string Template, string? TrackingNumber = null, int? ReturnId = null, JsonObject? Details = null);

/// <summary>
/// E-mails to an order's customer: renders a template with the order model (<see cref="OrderEmailModel"/>,
/// plus what the template needs: shortages for <c>order-pending</c>, the return for
/// <c>return-instructions</c> and <c>refund-processed</c>, the parcel's problem for <c>delivery-issue</c>)
/// when the workflow runs, and queues it in the outbox: it is sent after the instance commits, at
/// least once, with a Message-Id derived from the idempotency key.
/// </summary>
public sealed class CustomerNotifier(
    EmailTemplateRenderer renderer,
    IDbContextFactory<OperationsDbContext> contexts,
    InventoryService inventory,
    ICarrierRegistry carriers,
    IOptions<ShopOptions> shop,
    IOptions<CustomerLinkOptions> links)
{
    /// <summary>The template's data for <paramref name="message"/>.</summary>
    /// <param name="pending">
    /// Records of steps earlier in the same pass that commit with this one (<see cref="ShipmentBooked"/>,
    /// <see cref="ReturnUpdated"/>): a parcel booked or a refund decided just before the e-mail is in it.
    /// </param>
    public async Task<JsonObject> BuildModelAsync(CustomerMessage message, IReadOnlyList<object> pending, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(pending);
        var order = message.Order;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var shipments = db.Shipments.AsNoTracking().Include(s => s.TrackingEvents).Where(s => s.OrderId == order.Id);
        var booked = pending.OfType<ShipmentBooked>().LastOrDefault(b => b.OrderId == order.Id
            && (string.IsNullOrWhiteSpace(message.TrackingNumber) || b.TrackingNumber == message.TrackingNumber));
        var shipment = booked is not null ? Uncommitted(booked)
            : string.IsNullOrWhiteSpace(message.TrackingNumber)
            ? await shipments.Where(s => s.Status != ShipmentStatus.Cancelled).OrderByDescending(s => s.Id).FirstOrDefaultAsync(cancellationToken)
            : await shipments.FirstOrDefaultAsync(s => s.TrackingNumber == message.TrackingNumber, cancellationToken);
        var carrierName = shipment is not null && carriers.TryGet(shipment.CarrierCode, out var carrier) ? carrier.DisplayName : null;
        var model = OrderEmailModel.Build(order, shipment, carrierName, shop.Value, links.Value.PublicBaseUrl);

        switch (message.Template)
        {
            case CustomerTemplates.OrderPending:
                await AddShortagesAsync(db, model, order, cancellationToken);
                break;
            case CustomerTemplates.ReturnInstructions or CustomerTemplates.Refund:
                if (await FindReturnAsync(db, order, message.ReturnId, cancellationToken) is { } request)
                {
                    foreach (var update in pending.OfType<ReturnUpdated>().Where(u => u.ReturnId == request.Id))
                    {
                        request.RefundStatus = update.RefundStatus ?? request.RefundStatus;
                        request.RefundAmount = update.RefundAmount ?? request.RefundAmount;
                    }

                    model["returnInstructions"] = ReturnModel(order, request, shipment);
                    model["refund"] = RefundModel(order, request);
                }
                else if (order.PaymentStatus == PaymentStatus.Refunded || pending.OfType<PaymentRefunded>().Any(r => r.OrderId == order.Id))
                {
                    // A refund without a return (a lost parcel): the whole order was paid back.
                    model["refund"] = new JsonObject { ["amount"] = Documents.Money.Format(order.Total, order.Currency), ["status"] = nameof(RefundStatus.Processed), ["processed"] = true };
                }

                break;
            case CustomerTemplates.DeliveryIssue when shipment is not null:
                model["issue"] = shipment.Status.ToString().ToLowerInvariant();
                break;
            case CustomerTemplates.OrderShipped when message.ReturnId is not null:
                model["exchange"] = true;
                break;
        }

        Merge(model, message.Details);
        return model;
    }

    /// <summary>Details over the model; an object merges into the model's object of the same name (e.g. <c>{"refund": {"reason": …}}</c>).</summary>
    private static void Merge(JsonObject model, JsonObject? details)
    {
        foreach (var (name, value) in details ?? [])
        {
            if (value is JsonObject inner && model[name] is JsonObject existing)
            {
                Merge(existing, inner);
            }
            else
            {
                model[name] = value?.DeepClone();
            }
        }
    }

    /// <summary>
    /// Renders the message and queues it to the order's customer under <paramref name="idempotencyKey"/>
    /// (the outbox keeps the first message per key and drops later ones).
    /// </summary>
    /// <returns>The Message-Id the e-mail is sent with.</returns>
    /// <exception cref="WorkflowFaultException">The template is missing or broken (the message names the file and line).</exception>
    public async Task<string> QueueAsync(ActivityContext context, CustomerMessage message, string idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(message);
        var model = await BuildModelAsync(message, [.. context.PendingEffects<object>()], context.CancellationToken);
        RenderedEmail rendered;
        try
        {
            rendered = renderer.Render(message.Template, model);
        }
        catch (TemplateException ex)
        {
            // The message names the file and line: an operator fixes the template and retries the instance.
            throw new WorkflowFaultException(ex.Message);
        }

        var customer = message.Order.Customer;
        var to = new MailboxAddress(customer.Name, customer.Email).ToString();
        var payload = new EmailPayload([to], [], rendered.Subject, rendered.Html, rendered.Text, message.Template);
        context.SendMessage(EmailPayload.Kind, JsonNode.Parse(payload.ToJson())!, idempotencyKey);
        var messageId = EmailPayload.MessageIdFor(idempotencyKey);
        context.Journal($"E-mail '{rendered.Subject}' to {customer.Email} queued as {messageId}",
            new JsonObject { ["template"] = message.Template, ["idempotencyKey"] = idempotencyKey });
        return messageId;
    }

    private async Task AddShortagesAsync(OperationsDbContext db, JsonObject model, Order order, CancellationToken cancellationToken)
    {
        var report = await inventory.CheckAvailabilityAsync(order.Id, cancellationToken);
        model["shortages"] = new JsonArray([.. report.Shortages.Select(s => (JsonNode)new JsonObject
        {
            ["sku"] = s.Sku,
            ["name"] = s.Name,
            ["requested"] = s.Requested,
            ["available"] = s.Available,
            ["missing"] = s.Missing,
            ["expectedRestock"] = s.ExpectedRestockAt is { } at ? OrderEmailModel.Date(at) : null,
        })]);
        model["restockDate"] = report.RestockDate is { } date ? OrderEmailModel.Date(date) : null;

        // Alternatives: other products of the same categories that are on the shelves now.
        var shortSkus = report.Shortages.Select(s => s.Sku).ToList();
        var categories = await db.Products.AsNoTracking().Where(p => shortSkus.Contains(p.Sku)).Select(p => p.Category).Distinct().ToListAsync(cancellationToken);
        var alternatives = await db.StockItems.AsNoTracking()
            .Where(s => categories.Contains(s.Product!.Category) && !shortSkus.Contains(s.Sku))
            .GroupBy(s => new { s.Sku, s.Product!.Name, s.Product.UnitPrice })
            .Where(g => g.Sum(s => s.OnHand - s.Reserved) > 0)
            .Select(g => new { g.Key.Sku, g.Key.Name, g.Key.UnitPrice })
            .ToListAsync(cancellationToken);
        model["alternatives"] = alternatives.Count == 0 ? null : new JsonArray([.. alternatives.OrderBy(a => a.Name, StringComparer.Ordinal).Take(3)
            .Select(a => (JsonNode)new JsonObject { ["sku"] = a.Sku, ["name"] = a.Name, ["price"] = Documents.Money.Format(a.UnitPrice, order.Currency) })]);
    }

    /// <summary>A parcel booked earlier in this pass, as its row will read once the pass commits.</summary>
    private static Shipment Uncommitted(ShipmentBooked booked) => new()
    {
        OrderId = booked.OrderId,
        CarrierCode = booked.CarrierCode,
        Service = booked.Service,
        TrackingNumber = booked.TrackingNumber,
        Status = ShipmentStatus.Booked,
        CreatedAt = booked.BookedAt,
        BookedAt = booked.BookedAt,
        EstimatedDeliveryAt = booked.EstimatedDeliveryAt,
        Scenario = booked.Scenario,
    };

    private static async Task<ReturnRequest?> FindReturnAsync(OperationsDbContext db, Order order, int? returnId, CancellationToken cancellationToken)
    {
        var returns = db.Returns.AsNoTracking().Include(r => r.Lines).Where(r => r.OrderId == order.Id);
        return returnId is { } id
            ? await returns.FirstOrDefaultAsync(r => r.Id == id, cancellationToken)
            : await returns.OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
    }

    private JsonObject ReturnModel(Order order, ReturnRequest request, Shipment? shipment)
    {
        var instructions = OrderPaperwork.ReturnInstructions(order, request, shipment?.DeliveredAt ?? order.DeliveredAt, shop.Value, DateOnly.FromDateTime(request.RequestedAt.UtcDateTime));
        return new JsonObject
        {
            ["reference"] = instructions.Reference,
            ["returnBy"] = instructions.ReturnBy is { } by ? by.ToString("dddd, MMMM d, yyyy", System.Globalization.CultureInfo.InvariantCulture) : null,
            ["items"] = instructions.Items is { Count: > 0 } items
                ? new JsonArray([.. items.Select(i => (JsonNode)new JsonObject { ["name"] = i.Description, ["sku"] = i.Sku, ["quantity"] = i.Quantity })])
                : null,
            ["steps"] = new JsonArray([.. instructions.EffectiveSteps.Select(s => (JsonNode)JsonValue.Create(s)!)]),
            ["address"] = new JsonArray([.. instructions.ReturnAddress.ToLines().Select(l => (JsonNode)JsonValue.Create(l)!)]),
            ["exchange"] = request.IsExchange,
        };
    }

    private static JsonObject RefundModel(Order order, ReturnRequest request) => new()
    {
        ["amount"] = request.RefundAmount is { } amount ? Documents.Money.Format(amount, order.Currency) : null,
        ["status"] = request.RefundStatus?.ToString(),
        ["processed"] = request.RefundStatus == RefundStatus.Processed,
        ["pending"] = request.RefundStatus == RefundStatus.Pending,
        ["declined"] = request.RefundStatus == RefundStatus.Declined,
    };
}
