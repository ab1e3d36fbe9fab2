namespace Fulfillment.Operations.Returns;

/// <summary>Bound from <c>Fulfillment:Operations:Returns</c>.</summary>
public sealed class ReturnsOptions
{
    public const string SectionName = "Fulfillment:Operations:Returns";

    /// <summary>The workflow a return request (<c>POST /api/orders/{id}/returns</c>) starts.</summary>
    public string WorkflowId { get; set; } = "returns-and-refunds";
}
