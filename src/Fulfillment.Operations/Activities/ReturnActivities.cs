using System.Text.Json.Nodes;
using Fulfillment.Operations.Inventory;
using Fulfillment.Operations.Model;
using Fulfillment.Operations.Orders;
using Fulfillment.Operations.Returns;
using Fulfillment.Operations.Storage;
using Fulfillment.Workflows.Runtime;
using Fulfillment.Workflows.Sdk;

namespace Fulfillment.Operations.Activities;

// The returns steps. Opening a return writes its row at once (later steps need its id) and is
// idempotent per instance; every later change (status, inspection, refund) is a ReturnUpdated commit
// effect written in the step's own commit, so it happens exactly when the step commits.

/// <summary>A return step's request: by <see cref="ReturnId"/>, else the workflow's <c>returnId</c> variable.</summary>
public abstract class ReturnActivity(OrderService orders, ReturnService returns) : OrderActivity(orders)
{
    [Input(Description = "The return request. Empty: the workflow variable returnId.")]
    public int? ReturnId { get; set; }

    protected ReturnService Returns { get; } = returns;

    /// <exception cref="WorkflowFaultException">No return is named, or there is no such return.</exception>
    protected async Task<ReturnRequest> GetReturnAsync(ActivityContext context) =>
        await FindReturnAsync(context)
            ?? throw new WorkflowFaultException($"{context.ActivityType} '{context.ActivityId}' does not know its return: set returnId or give the workflow a returnId variable.");

    /// <summary>The named return; null when none is named (no input, no returnId variable).</summary>
    /// <exception cref="WorkflowFaultException">The named return does not exist.</exception>
    protected async Task<ReturnRequest?> FindReturnAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = ReturnId ?? (context.GetVariable("returnId") is JsonValue variable ? variable.GetValue<int>() : (int?)null);
        return id is null ? null
            : await Returns.FindAsync(id.Value, context.CancellationToken) ?? throw new WorkflowFaultException($"Return {id} was not found.");
    }
}

/// <summary>Opens the return request a returns workflow handles (what comes back, why, refund or exchange).</summary>
[Activity("Returns", "Open return",
    Description = "Records the customer's return request for the order (items, reason, refund or exchange). NotReturnable if the order has not shipped or an item is not in it.",
    Outcomes = [Opened, NotReturnable])]
public sealed class OpenReturn(OrderService orders, ReturnService returns) : OrderActivity(orders)
{
    public const string Opened = nameof(Opened);
    public const string NotReturnable = nameof(NotReturnable);

    [Input(Description = "Why the customer sends it back.", DefaultValue = "\"NoLongerNeeded\"")]
    public ReturnReason Reason { get; set; } = ReturnReason.NoLongerNeeded;

    [Input(Description = "What comes back: [{\"sku\": \"EL-1001\", \"quantity\": 1}]. Empty: the whole order.", UIHint = "json")]
    public IReadOnlyList<ReturnedItem>? Items { get; set; }

    [Input(Description = "The customer wants the same goods again instead of a refund.")]
    public bool Exchange { get; set; }

    [Input(Description = "The customer's words.", UIHint = "multiline")]
    public string? Comment { get; set; }

    [Output(Description = "The return request's id (map it to the variable returnId).")]
    public int? ReturnId { get; set; }

    [Output(Description = "The reference the customer writes on the parcel, e.g. RMA-000012.")]
    public string? Reference { get; set; }

    [Output(Description = "What comes back, per SKU: [{sku, quantity}] (for Restock).")]
    public IReadOnlyList<ReturnedItem> ReturnedItems { get; set; } = [];

    [Output(Description = "What the returned units are worth (price less discount share, plus tax).")]
    public decimal RefundableAmount { get; set; }

    [Output(Description = "When NotReturnable: why.")]
    public string? Problem { get; set; }

    protected override async ValueTask<string> RunAsync(ActivityContext context)
    {
        var order = await GetOrderAsync(context);
        var (request, refusal) = await returns.OpenAsync(order, Reason, Items ?? [], Exchange, Comment, context.InstanceId, context.Now, context.CancellationToken);
        if (request is null)
        {
            Problem = refusal!.Message;
            context.Journal($"Return refused: {Problem}");
            return NotReturnable;
        }

        ReturnId = request.Id;
        Reference = Filing.OrderPaperwork.ReturnReference(request);
        RefundableAmount = ReturnService.RefundableAmount(order, request);
        ReturnedItems = [.. request.Lines.Select(rl => new ReturnedItem(order.Lines.First(l => l.Id == rl.OrderLineId).Sku, rl.Quantity))];
        context.Journal($"Return {Reference} opened for order {order.OrderNumber} ({request.Reason}{(request.IsExchange ? ", exchange" : string.Empty)})");
        return Opened;
    }
}

/// <summary>Moves a return request along: approved, rejected, received, closed.</summary>
[Activity("Returns", "Update return status", Description = "Sets the return request's status (Requested, Approved, Rejected, Received, Inspected, Closed) in the step's commit.")]
public sealed class UpdateReturnStatus(OrderService orders, ReturnService returns) : ReturnActivity(orders, returns)
{
    [Input(Required = true, Description = "The new status.")]
    public ReturnStatus Status { get; set; }

    protected override async ValueTask<string> RunAsync(ActivityContext context)
    {
        var request = await GetReturnAsync(context);
        context.AddCommitEffect(new ReturnUpdated(request.Id, context.Now, Status: Status));
        context.Journal($"Return {Filing.OrderPaperwork.ReturnReference(request)}: {request.Status} → {Status}");
        return ActivityOutcomes.Done;
    }
}

/// <summary>
/// Records what the inspection of the returned goods found and routes by it: back on the shelf,
/// to quality control, or disposed of.
/// </summary>
[Activity("Returns", "Inspect return",
    Description = "Records the inspection outcome of the returned goods and leaves by it: Restock, QualityControl or Dispose.",
    Outcomes = [nameof(InspectionOutcome.Restock), nameof(InspectionOutcome.QualityControl), nameof(InspectionOutcome.Dispose)])]
public sealed class InspectReturn(OrderService orders, ReturnService returns) : ReturnActivity(orders, returns)
{
    [Input(Required = true, Description = "What the inspection found (usually the inspection task's form field).")]
    public InspectionOutcome Outcome { get; set; }

    [Input(Description = "The inspector's notes, for the journal.", UIHint = "multiline")]
    public string? Notes { get; set; }

    protected override async ValueTask<string> RunAsync(ActivityContext context)
    {
        var request = await GetReturnAsync(context);
        context.AddCommitEffect(new ReturnUpdated(request.Id, context.Now, Status: ReturnStatus.Inspected, Inspection: Outcome));
        context.Journal($"Return {Filing.OrderPaperwork.ReturnReference(request)} inspected: {Outcome}" + (string.IsNullOrWhiteSpace(Notes) ? string.Empty : $" ({Notes})"));
        StepSubmission.Record(context, new JsonObject { ["outcome"] = Outcome.ToString(), ["notes"] = Notes });
        return Outcome.ToString();
    }
}

/// <summary>
/// Refunds a return: records the refund's state and amount on the return request (and the order as
/// Refunded when everything was paid back) and leaves by the state, Processed, Pending or Declined.
/// Without a return (a parcel lost on its way) it refunds the whole order: Processed marks its payment Refunded.
/// </summary>
[Activity("Returns", "Process refund",
    Description = "Records the refund of a return (amount and state) and leaves by Processed, Pending or Declined. Processed in full marks the order's payment Refunded. Without a return it refunds the whole order.",
    Outcomes = [nameof(RefundStatus.Processed), nameof(RefundStatus.Pending), nameof(RefundStatus.Declined)])]
public sealed class ProcessRefund(OrderService orders, ReturnService returns) : ReturnActivity(orders, returns)
{
    [Input(Description = "The refund's state, e.g. from the form of the task that decided it.", DefaultValue = "\"Processed\"")]
    public RefundStatus Decision { get; set; } = RefundStatus.Processed;

    [Input(Description = "The amount. Empty: what the returned units are worth (price less discount share, plus tax).")]
    public decimal? Amount { get; set; }

    [Input(Description = "Why (shown to the customer when declined).", UIHint = "multiline")]
    public string? Reason { get; set; }

    [Output(Description = "The amount refunded (or to be refunded).")]
    public decimal RefundAmount { get; set; }

    protected override async ValueTask<string> RunAsync(ActivityContext context)
    {
        var order = await GetOrderAsync(context);
        var request = await FindReturnAsync(context);
        RefundAmount = Decision == RefundStatus.Declined ? 0m : Amount ?? (request is null ? order.Total : ReturnService.RefundableAmount(order, request));
        if (request is not null)
        {
            context.AddCommitEffect(new ReturnUpdated(request.Id, context.Now, RefundStatus: Decision, RefundAmount: RefundAmount));
        }

        if (Decision == RefundStatus.Processed && RefundAmount >= order.Total)
        {
            context.AddCommitEffect(new PaymentRefunded(order.Id, context.Now));
        }

        var subject = request is null ? $"order {order.OrderNumber}" : $"return {Filing.OrderPaperwork.ReturnReference(request)}";
        context.Journal($"Refund for {subject}: {Decision}, {Documents.Money.Format(RefundAmount, order.Currency)}"
            + (string.IsNullOrWhiteSpace(Reason) ? string.Empty : $" ({Reason})"));
        StepSubmission.Record(context, new JsonObject { ["refund"] = Decision.ToString(), ["amount"] = RefundAmount, ["reason"] = Reason });
        return Decision.ToString();
    }
}
