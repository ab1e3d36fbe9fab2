using Fulfillment.Workflows.Definitions;

namespace Fulfillment.Operations;

/// <summary>A request to the fulfillment services was refused; each error names the JSON path of the field (e.g. <c>lines[1].quantity</c>).</summary>
public sealed class OperationsValidationException(IReadOnlyList<ValidationError> errors)
    : Exception(string.Join("; ", errors.Take(5)))
{
    public IReadOnlyList<ValidationError> Errors { get; } = errors;

    public static OperationsValidationException For(string path, string message) => new([new ValidationError(path, message)]);
}

public sealed class OrderNotFoundException(string message) : Exception(message)
{
    public static OrderNotFoundException ForId(int id) => new($"Order {id} was not found.");

    public static OrderNotFoundException ForNumber(string orderNumber) => new($"Order '{orderNumber}' was not found.");
}

/// <summary>The order is not in a state that allows the change (e.g. cancelling a shipped order).</summary>
public sealed class OrderStateException(string message) : Exception(message);

/// <summary>Orders cannot be taken because the workflow that fulfils them is not published.</summary>
public sealed class OrderWorkflowUnavailableException(string workflowId)
    : Exception($"The order workflow '{workflowId}' is not published, so no order can be fulfilled yet. Publish it (or set Fulfillment:Operations:OrderWorkflowId) and send the order again.")
{
    public string WorkflowId { get; } = workflowId;
}
