namespace Fulfillment.Workflows.Runtime;

/// <summary>No such workflow (or no published version of it, or not that version).</summary>
public sealed class WorkflowNotFoundException(string message) : Exception(message);

/// <summary>A new workflow was to be created under an id that another workflow already has.</summary>
public sealed class WorkflowAlreadyExistsException(string workflowId) : Exception($"A workflow with the id '{workflowId}' already exists.")
{
    public string WorkflowId { get; } = workflowId;
}

/// <summary>No instance with that id.</summary>
public sealed class InstanceNotFoundException(string instanceId) : Exception($"Workflow instance '{instanceId}' was not found.")
{
    public string InstanceId { get; } = instanceId;
}

/// <summary>The instance is not in a state that allows the requested operation (e.g. retrying a completed one).</summary>
public sealed class InvalidInstanceStateException(string message) : Exception(message);

/// <summary>The start input cannot initialise the workflow (e.g. it is not a JSON object).</summary>
public sealed class InvalidWorkflowInputException(string message) : Exception(message);

/// <summary>A queued stimulus was consumed by another resume first.</summary>
public sealed class StimulusConsumedException(Guid stimulusId) : Exception($"Stimulus {stimulusId} was already consumed.");
