using Fulfillment.Server.Workflows;
using Fulfillment.Workflows.Definitions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;

namespace Fulfillment.Server.Studio.Services;

/// <summary>
/// What the Studio's workflow screens do with definitions, in-process on the engine's services.
/// Every change demands the same policy as the API (<see cref="WorkflowDefinitionEndpoints.EditorPolicy"/>)
/// for the circuit's user: hiding a button is not a permission check.
/// </summary>
internal sealed class WorkflowCatalog(
    IWorkflowDefinitionStore store,
    WorkflowDefinitionService definitions,
    AuthenticationStateProvider authenticationState,
    IAuthorizationService authorization)
{
    public Task<IReadOnlyList<WorkflowSummary>> ListAsync(CancellationToken cancellationToken) => store.ListAsync(cancellationToken);

    public Task<IReadOnlyList<StoredDefinition>> ListVersionsAsync(string workflowId, CancellationToken cancellationToken) =>
        store.ListVersionsAsync(workflowId, cancellationToken);

    /// <summary>The stored JSON of a version (the newest, draft included, when <paramref name="version"/> is null).</summary>
    public Task<StoredDefinition?> FindAsync(string workflowId, int? version, CancellationToken cancellationToken) =>
        store.FindAsync(workflowId, version, cancellationToken);

    /// <summary>Whether the signed-in user may create, change, delete and publish definitions.</summary>
    public async Task<bool> CanEditAsync()
    {
        var state = await authenticationState.GetAuthenticationStateAsync();
        return (await authorization.AuthorizeAsync(state.User, WorkflowDefinitionEndpoints.EditorPolicy)).Succeeded;
    }

    /// <inheritdoc cref="WorkflowDefinitionService.CreateAsync"/>
    public async Task<StoredDefinition> CreateAsync(string workflowId, string name, CancellationToken cancellationToken)
    {
        await DemandEditorAsync();
        return await definitions.CreateAsync(workflowId, name, cancellationToken);
    }

    /// <inheritdoc cref="WorkflowDefinitionService.CloneAsync"/>
    public async Task<StoredDefinition> CloneAsync(string sourceId, string workflowId, string name, CancellationToken cancellationToken)
    {
        await DemandEditorAsync();
        return await definitions.CloneAsync(sourceId, workflowId, name, cancellationToken);
    }

    /// <summary>Discards the workflow's draft; false if it has none. A workflow that was never published disappears.</summary>
    public async Task<bool> DeleteDraftAsync(string workflowId, CancellationToken cancellationToken)
    {
        await DemandEditorAsync();
        return await store.DeleteDraftAsync(workflowId, cancellationToken);
    }

    /// <summary>
    /// Reads an uploaded definition file: the workflow it defines and every problem, each with its JSON
    /// path. Nothing is stored.
    /// </summary>
    public async Task<ImportCheck> CheckImportAsync(string json, CancellationToken cancellationToken)
    {
        var definition = WorkflowDefinitionReader.TryRead(json, out var readErrors);
        if (definition is null)
        {
            return new ImportCheck(null, null, readErrors);
        }

        var existing = await store.FindAsync(definition.Id, version: null, cancellationToken);
        return new ImportCheck(definition, existing, definitions.Validate(json));
    }

    /// <summary>
    /// Saves a checked, valid file as its workflow's draft (a new workflow, or a new draft of an
    /// existing one, replacing the draft it had). Publishing stays a separate, deliberate step.
    /// </summary>
    public async Task<StoredDefinition> ImportAsync(string json, CancellationToken cancellationToken)
    {
        await DemandEditorAsync();
        var definition = WorkflowDefinitionReader.Read(json);
        var errors = definitions.Validate(json);
        if (errors.Count > 0)
        {
            throw new WorkflowValidationException(null, errors);
        }

        var (draft, _) = await definitions.SaveDraftAsync(definition.Id, json, cancellationToken);
        return draft;
    }

    /// <inheritdoc cref="WorkflowDefinitionService.SaveDraftAsync"/>
    public async Task<(StoredDefinition Draft, IReadOnlyList<ValidationError> Errors)> SaveDraftAsync(
        string workflowId, string json, CancellationToken cancellationToken)
    {
        await DemandEditorAsync();
        return await definitions.SaveDraftAsync(workflowId, json, cancellationToken);
    }

    /// <inheritdoc cref="WorkflowDefinitionService.PublishAsync"/>
    public async Task<StoredDefinition> PublishAsync(string workflowId, CancellationToken cancellationToken)
    {
        await DemandEditorAsync();
        return await definitions.PublishAsync(workflowId, cancellationToken);
    }

    private async Task DemandEditorAsync()
    {
        if (!await CanEditAsync())
        {
            throw new UnauthorizedAccessException("Only an Admin or a Process Owner may change workflow definitions.");
        }
    }
}

/// <summary>The outcome of reading an uploaded definition file.</summary>
/// <param name="Definition">The workflow in the file; null when the file is not a readable definition.</param>
/// <param name="Existing">The newest stored version of a workflow with the same id, if there is one.</param>
/// <param name="Errors">Every problem, with its JSON path; empty when the file can be imported.</param>
internal sealed record ImportCheck(WorkflowDefinition? Definition, StoredDefinition? Existing, IReadOnlyList<ValidationError> Errors)
{
    public bool CanImport => Definition is not null && Errors.Count == 0;
}
