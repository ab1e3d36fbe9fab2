namespace Fulfillment.Operations.Customers;

/// <summary>The customer e-mail templates in <c>templates/email/</c> that <c>NotifyCustomer</c> knows how to fill.</summary>
public static class CustomerTemplates
{
    public const string OrderConfirmation = "order-confirmation";
    public const string OrderPending = "order-pending";
    public const string OrderShipped = "order-shipped";
    public const string InTransit = "order-in-transit";
    public const string Delivered = "order-delivered";
    public const string Delayed = "delivery-delayed";
    public const string DeliveryIssue = "delivery-issue";
    public const string Completed = "order-completed";
    public const string FeedbackRequest = "feedback-request";
    public const string ReturnInstructions = "return-instructions";
    public const string Refund = "refund-processed";
    public const string Cancelled = "order-cancelled";

    public static IReadOnlyList<string> All { get; } =
    [
        OrderConfirmation, OrderPending, OrderShipped, InTransit, Delivered, Delayed, DeliveryIssue, Completed,
        FeedbackRequest, ReturnInstructions, Refund, Cancelled,
    ];
}
