using System.Collections.Concurrent;
using Fulfillment.Workflows.Descriptors;
using Fulfillment.Workflows.Runtime;
using Microsoft.Extensions.Logging;

namespace Fulfillment.Workflows.Definitions;

/// <summary>
/// Drafts, validation, publishing and file import of definitions, plus the cache of compiled
/// published versions (a version is immutable once published, so it is compiled once).
/// </summary>
public sealed class WorkflowDefinitionService(
    IWorkflowDefinitionStore store,
    IWorkflowScheduleStore schedules,
    WorkflowValidator validator,
    ActivityRegistry registry,
    TimeProvider clock,
    ILogger<WorkflowDefinitionService> logger)
{
    private readonly ConcurrentDictionary<(string WorkflowId, int Version), CompiledWorkflow> _compiled = new();

    /// <summary>Parses and validates definition JSON; an empty list means it can be published.</summary>
    public IReadOnlyList<ValidationError> Validate(string json)
    {
        var definition = WorkflowDefinitionReader.TryRead(json, out var errors);
        return definition is null ? errors : validator.Validate(definition);
    }

    /// <summary>Saves the workflow's draft. Drafts may have validation errors (returned); unreadable JSON is rejected.</summary>
    /// <exception cref="WorkflowValidationException">The JSON is not a definition, or its id is not <paramref name="workflowId"/>.</exception>
    public async Task<(StoredDefinition Draft, IReadOnlyList<ValidationError> Errors)> SaveDraftAsync(
        string workflowId, string json, CancellationToken cancellationToken)
    {
        var definition = WorkflowDefinitionReader.Read(json);
        if (!string.Equals(definition.Id, workflowId, StringComparison.Ordinal))
        {
            throw new WorkflowValidationException(null, [new ValidationError("$.id", $"The definition's id '{definition.Id}' does not match '{workflowId}' in the URL.")]);
        }

        var errors = validator.Validate(definition);
        var canonical = WorkflowDefinitionReader.Write(definition);
        var draft = await store.SaveDraftAsync(workflowId, definition.Name, canonical, WorkflowDefinitionReader.Hash(canonical), cancellationToken);
        return (draft, errors);
    }

    /// <summary>Creates a new workflow: a draft holding only a <c>Start</c> activity, ready to be drawn.</summary>
    /// <exception cref="WorkflowValidationException">The id or the name is not acceptable (<c>$.id</c>, <c>$.name</c>).</exception>
    /// <exception cref="WorkflowAlreadyExistsException">A workflow with this id exists.</exception>
    public Task<StoredDefinition> CreateAsync(string workflowId, string name, CancellationToken cancellationToken)
    {
        ValidateNewIdentity(workflowId, name);
        var definition = new WorkflowDefinition(
            WorkflowDefinition.CurrentSchemaVersion, workflowId, name.Trim(), [new ActivityNode("start", "Start")], []);
        return CreateDraftAsync(definition, cancellationToken);
    }

    /// <summary>
    /// Creates a new workflow whose draft is a copy of another workflow's newest version (its draft
    /// if it has one) under a new id and name. The copy starts at version 1 with no history.
    /// </summary>
    /// <exception cref="WorkflowValidationException">The new id or name is not acceptable (<c>$.id</c>, <c>$.name</c>).</exception>
    /// <exception cref="WorkflowNotFoundException">There is no workflow <paramref name="sourceId"/>.</exception>
    /// <exception cref="WorkflowAlreadyExistsException">A workflow with the new id exists.</exception>
    public async Task<StoredDefinition> CloneAsync(string sourceId, string workflowId, string name, CancellationToken cancellationToken)
    {
        ValidateNewIdentity(workflowId, name);
        var source = await store.FindAsync(sourceId, version: null, cancellationToken)
            ?? throw new WorkflowNotFoundException($"Workflow '{sourceId}' was not found.");
        var definition = WorkflowDefinitionReader.Read(source.Json) with { Id = workflowId, Name = name.Trim() };
        return await CreateDraftAsync(definition, cancellationToken);
    }

    private async Task<StoredDefinition> CreateDraftAsync(WorkflowDefinition definition, CancellationToken cancellationToken)
    {
        var canonical = WorkflowDefinitionReader.Write(definition);
        return await store.CreateDraftAsync(definition.Id, definition.Name, canonical, WorkflowDefinitionReader.Hash(canonical), cancellationToken)
            ?? throw new WorkflowAlreadyExistsException(definition.Id);
    }

    private static void ValidateNewIdentity(string workflowId, string name)
    {
        var errors = new List<ValidationError>();
        if (!WorkflowValidator.IsValidWorkflowId(workflowId))
        {
            errors.Add(new ValidationError("$.id", WorkflowValidator.InvalidIdMessage));
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add(new ValidationError("$.name", "The name is required."));
        }

        if (errors.Count > 0)
        {
            throw new WorkflowValidationException(null, errors);
        }
    }

    /// <summary>Publishes the draft as a new version.</summary>
    /// <exception cref="WorkflowNotFoundException">No draft to publish.</exception>
    /// <exception cref="WorkflowValidationException">The draft has validation errors.</exception>
    public async Task<StoredDefinition> PublishAsync(string workflowId, CancellationToken cancellationToken)
    {
        var draft = await store.FindAsync(workflowId, version: null, cancellationToken);
        if (draft is null || draft.IsPublished)
        {
            throw new WorkflowNotFoundException($"Workflow '{workflowId}' has no draft to publish.");
        }

        var definition = WorkflowDefinitionReader.Read(draft.Json);
        var errors = validator.Validate(definition);
        if (errors.Count > 0)
        {
            throw new WorkflowValidationException(null, errors);
        }

        var published = await store.PublishDraftAsync(workflowId, cancellationToken);
        await SyncScheduleAsync(definition, cancellationToken);
        return published;
    }

    /// <summary>
    /// Publishes a definition file's content as a new version unless the newest published
    /// version already has exactly this content.
    /// </summary>
    /// <exception cref="WorkflowValidationException">The file is invalid; the exception names it.</exception>
    public async Task<StoredDefinition> ImportAsync(string json, string source, CancellationToken cancellationToken)
    {
        var definition = WorkflowDefinitionReader.Read(json, source);
        var errors = validator.Validate(definition);
        if (errors.Count > 0)
        {
            throw new WorkflowValidationException(source, errors);
        }

        var canonical = WorkflowDefinitionReader.Write(definition);
        var hash = WorkflowDefinitionReader.Hash(canonical);
        var published = await store.FindPublishedAsync(definition.Id, version: null, cancellationToken);
        if (published?.ContentHash == hash)
        {
            return published;
        }

        await store.SaveDraftAsync(definition.Id, definition.Name, canonical, hash, cancellationToken);
        var version = await store.PublishDraftAsync(definition.Id, cancellationToken);
        await SyncScheduleAsync(definition, cancellationToken);
        logger.LogInformation("Published {WorkflowId} version {Version} from {Source}", definition.Id, version.Version, source);
        return version;
    }

    /// <summary>Imports every <c>*.json</c> file of a directory; a broken file is logged with its path and skipped.</summary>
    /// <returns>The errors of the files that could not be imported.</returns>
    public async Task<IReadOnlyList<WorkflowValidationException>> ImportDirectoryAsync(string directory, CancellationToken cancellationToken)
    {
        var failures = new List<WorkflowValidationException>();
        if (!Directory.Exists(directory))
        {
            return failures;
        }

        foreach (var file in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            try
            {
                await ImportAsync(await File.ReadAllTextAsync(file, cancellationToken), file, cancellationToken);
            }
            catch (WorkflowValidationException ex)
            {
                logger.LogError("Skipped workflow file {File}: {Errors}", file, string.Join("; ", ex.Errors));
                failures.Add(ex);
            }
        }

        return failures;
    }

    /// <summary>The newest published version decides the schedule: set, changed, or removed.</summary>
    private async Task SyncScheduleAsync(WorkflowDefinition published, CancellationToken cancellationToken)
    {
        var cron = CronSchedule.Of(published, registry);
        var next = cron is null ? null : CronSchedule.Next(cron, clock.GetUtcNow());
        await schedules.SetAsync(
            published.Id,
            cron is not null && next is { } due ? new WorkflowSchedule(published.Id, cron, due) : null,
            cancellationToken);
    }

    /// <summary>The compiled form of a published version (newest when <paramref name="version"/> is null).</summary>
    /// <exception cref="WorkflowNotFoundException">No such published version.</exception>
    public async Task<CompiledWorkflow> GetPublishedAsync(string workflowId, int? version, CancellationToken cancellationToken)
    {
        if (version is { } v && _compiled.TryGetValue((workflowId, v), out var cached))
        {
            return cached;
        }

        var stored = await store.FindPublishedAsync(workflowId, version, cancellationToken)
            ?? throw new WorkflowNotFoundException(version is null
                ? $"Workflow '{workflowId}' has no published version."
                : $"Workflow '{workflowId}' has no published version {version}.");
        return _compiled.GetOrAdd((workflowId, stored.Version),
            _ => new CompiledWorkflow(WorkflowDefinitionReader.Read(stored.Json), stored.Version, registry));
    }
}
