namespace Fulfillment.Operations;

/// <summary>Settings of the fulfillment domain, bound from <c>Fulfillment:Operations</c>.</summary>
public sealed class OperationsOptions
{
    public const string SectionName = "Fulfillment:Operations";

    /// <summary>The workflow every placed order starts (its newest published version).</summary>
    public string OrderWorkflowId { get; set; } = "order-to-delivery";

    /// <summary>ISO 4217 code of all prices.</summary>
    public string Currency { get; set; } = "USD";

    /// <summary>Tax rate of an order that does not state its own (0.08 = 8 %).</summary>
    public decimal DefaultTaxRate { get; set; } = 0.08m;
}
