using System.Text.Json.Nodes;
using Fulfillment.Operations.Customers;
using Fulfillment.Operations.Orders;
using Fulfillment.Workflows.Sdk;
using Microsoft.Extensions.Options;

namespace Fulfillment.Operations.Activities;

/// <summary>
/// E-mails the order's customer from one of the customer templates, filled with the order (lines,
/// totals, address, expected delivery, return policy) and what the template is about (shortages,
/// the shipment, the return). Queued in the outbox with the step, sent after it commits.
/// </summary>
[Activity("Customers", "Notify customer",
    Description = "E-mails the customer a template (confirmation, out of stock, shipped, in transit, delivered, delayed, completed, …) filled with the order's details; sent after the step commits, once.")]
public sealed class NotifyCustomer(OrderService orders, CustomerNotifier notifier) : OrderActivity(orders)
{
    [Input(Required = true, Description = "Which e-mail (templates/email/<name>.*.hbs).", UIHint = "dropdown",
        Options = [CustomerTemplates.OrderConfirmation, CustomerTemplates.OrderPending, CustomerTemplates.OrderShipped, CustomerTemplates.InTransit,
            CustomerTemplates.Delivered, CustomerTemplates.Delayed, CustomerTemplates.DeliveryIssue, CustomerTemplates.Completed,
            CustomerTemplates.FeedbackRequest, CustomerTemplates.ReturnInstructions, CustomerTemplates.Refund, CustomerTemplates.Cancelled])]
    public string Template { get; set; } = string.Empty;

    [Input(Description = "The shipment it is about (its tracking number). Empty: the order's newest shipment.")]
    public string? TrackingNumber { get; set; }

    [Input(Description = "The return it is about. Empty: the workflow variable returnId, else the order's newest return.")]
    public int? ReturnId { get; set; }

    [Input(Description = "Extra data for the template, merged over the order model (objects into objects), e.g. {\"reason\": \"…\"} or {\"refund\": {\"reason\": \"…\"}}.", UIHint = "json")]
    public JsonObject? Details { get; set; }

    [Input(Description = "Send this template at most once for the order, whatever loops, retries or re-runs happen (confirmation, completion).", DefaultValue = "false")]
    public bool OncePerOrder { get; set; }

    [Output(Description = "The Message-Id the e-mail is sent with.")]
    public string? MessageId { get; set; }

    protected override async ValueTask<string> RunAsync(ActivityContext context)
    {
        var order = await GetOrderAsync(context);
        var returnId = ReturnId ?? (context.GetVariable("returnId") is { } variable ? variable.GetValue<int>() : null);
        var key = OncePerOrder ? $"customer-email:{order.OrderNumber}/{Template}" : context.IdempotencyKey;
        MessageId = await notifier.QueueAsync(context, new CustomerMessage(order, Template, TrackingNumber, returnId, Details), key);
        return ActivityOutcomes.Done;
    }
}

/// <summary>
/// Waits a number of days (its own durable timer, typically after delivery), then e-mails the customer
/// a CSAT request whose links open the feedback page; the answer is stored with the order.
/// </summary>
[Activity("Customers", "Request feedback",
    Description = "After a wait (default 3 days), e-mails the customer a satisfaction (CSAT) request with one link per score; sent once per order.")]
public sealed class RequestFeedback(OrderService orders, CustomerNotifier notifier, IFeedbackTokens tokens, IOptions<CustomerLinkOptions> links) : WaitingOrderActivity(orders)
{
    [Input(Description = "How long to wait before asking, e.g. \"P3D\" after delivery.", DefaultValue = "\"P3D\"")]
    public TimeSpan After { get; set; } = TimeSpan.FromDays(3);

    [Output(Description = "The feedback page for this order (the CSAT link).")]
    public string? FeedbackUrl { get; set; }

    [Output(Description = "The Message-Id the request is sent with.")]
    public string? MessageId { get; set; }

    public override ValueTask ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (After <= TimeSpan.Zero)
        {
            return SendAsync(context);
        }

        context.SuspendUntil(context.Now + After);
        context.Journal($"Feedback request due {context.Now + After:u}");
        return ValueTask.CompletedTask;
    }

    public override ValueTask ResumeAsync(ActivityContext context, JsonNode? payload) => SendAsync(context);

    private async ValueTask SendAsync(ActivityContext context)
    {
        var order = await GetOrderAsync(context);
        var feedback = FeedbackLinks.For(links.Value.PublicBaseUrl, tokens.Create(order.Id));
        FeedbackUrl = feedback.Url;
        var details = new JsonObject
        {
            ["feedback"] = new JsonObject
            {
                ["url"] = feedback.Url,
                ["scores"] = new JsonArray([.. feedback.Choices.Select(c => (JsonNode)new JsonObject { ["score"] = c.Score, ["label"] = c.Label, ["url"] = c.Url })]),
            },
        };

        // One request per order, ever: a loop back through this step or a re-run sends nothing more.
        MessageId = await notifier.QueueAsync(context, new CustomerMessage(order, CustomerTemplates.FeedbackRequest, Details: details),
            $"customer-email:{order.OrderNumber}/{CustomerTemplates.FeedbackRequest}");
        context.Complete(ActivityOutcomes.Done);
    }
}
