namespace Fulfillment.Workflows.Definitions;

/// <summary>Versioned storage of definitions. At most one draft per workflow, numbered after the last published version.</summary>
public interface IWorkflowDefinitionStore
{
    /// <summary>A specific version, or (version null) the newest version: the draft if there is one.</summary>
    Task<StoredDefinition?> FindAsync(string workflowId, int? version, CancellationToken cancellationToken);

    /// <summary>A published version, or (version null) the newest published one.</summary>
    Task<StoredDefinition?> FindPublishedAsync(string workflowId, int? version, CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredDefinition>> ListVersionsAsync(string workflowId, CancellationToken cancellationToken);

    /// <summary>The newest version of every workflow.</summary>
    Task<IReadOnlyList<WorkflowSummary>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Creates a new workflow whose first version is this draft; null if the workflow id is taken.</summary>
    Task<StoredDefinition?> CreateDraftAsync(string workflowId, string name, string json, string contentHash, CancellationToken cancellationToken);

    /// <summary>Creates or replaces the workflow's draft.</summary>
    Task<StoredDefinition> SaveDraftAsync(string workflowId, string name, string json, string contentHash, CancellationToken cancellationToken);

    /// <summary>Marks the draft published.</summary>
    /// <exception cref="InvalidOperationException">There is no draft.</exception>
    Task<StoredDefinition> PublishDraftAsync(string workflowId, CancellationToken cancellationToken);

    Task<bool> DeleteDraftAsync(string workflowId, CancellationToken cancellationToken);
}

public sealed record StoredDefinition(
    string WorkflowId,
    int Version,
    bool IsPublished,
    string Name,
    string Json,
    string ContentHash,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PublishedAt);

public sealed record WorkflowSummary(
    string Id,
    string Name,
    int LatestVersion,
    int? PublishedVersion,
    bool HasDraft,
    DateTimeOffset UpdatedAt,
    int VersionCount);
