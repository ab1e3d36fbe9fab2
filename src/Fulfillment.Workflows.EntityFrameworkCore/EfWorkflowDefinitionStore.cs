using Fulfillment.Workflows.Definitions;
using Fulfillment.Workflows.EntityFrameworkCore.Entities;
using Microsoft.EntityFrameworkCore;

namespace Fulfillment.Workflows.EntityFrameworkCore;

public sealed class EfWorkflowDefinitionStore(IDbContextFactory<WorkflowDbContext> contexts, TimeProvider clock) : IWorkflowDefinitionStore
{
    public async Task<StoredDefinition?> FindAsync(string workflowId, int? version, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Definitions.AsNoTracking().Where(d => d.WorkflowId == workflowId);
        query = version is { } v ? query.Where(d => d.Version == v) : query.OrderByDescending(d => d.Version);
        return ToStored(await query.FirstOrDefaultAsync(cancellationToken));
    }

    public async Task<StoredDefinition?> FindPublishedAsync(string workflowId, int? version, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Definitions.AsNoTracking().Where(d => d.WorkflowId == workflowId && d.IsPublished);
        query = version is { } v ? query.Where(d => d.Version == v) : query.OrderByDescending(d => d.Version);
        return ToStored(await query.FirstOrDefaultAsync(cancellationToken));
    }

    public async Task<IReadOnlyList<StoredDefinition>> ListVersionsAsync(string workflowId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var records = await db.Definitions.AsNoTracking()
            .Where(d => d.WorkflowId == workflowId)
            .OrderByDescending(d => d.Version)
            .ToListAsync(cancellationToken);
        return records.Select(r => ToStored(r)!).ToList();
    }

    public async Task<IReadOnlyList<WorkflowSummary>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Definitions.AsNoTracking()
            .Select(d => new { d.WorkflowId, d.Version, d.IsPublished, d.Name, d.CreatedAt, d.PublishedAt })
            .ToListAsync(cancellationToken);
        return rows
            .GroupBy(r => r.WorkflowId, StringComparer.Ordinal)
            .Select(g =>
            {
                var latest = g.MaxBy(r => r.Version)!;
                var published = g.Where(r => r.IsPublished).MaxBy(r => r.Version);
                return new WorkflowSummary(g.Key, latest.Name, latest.Version, published?.Version, !latest.IsPublished,
                    latest.PublishedAt ?? latest.CreatedAt, g.Count());
            })
            .OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    public async Task<StoredDefinition?> CreateDraftAsync(string workflowId, string name, string json, string contentHash, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // The check and the insert share one (IMMEDIATE) transaction, so two creates of one id cannot both succeed.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.Definitions.AnyAsync(d => d.WorkflowId == workflowId, cancellationToken))
        {
            return null;
        }

        var draft = new WorkflowDefinitionRecord
        {
            WorkflowId = workflowId,
            Version = 1,
            Name = name,
            Json = json,
            ContentHash = contentHash,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Definitions.Add(draft);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ToStored(draft);
    }

    public async Task<StoredDefinition> SaveDraftAsync(string workflowId, string name, string json, string contentHash, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Two nodes saving the same workflow at once would both pick the next version number.
        await db.Database.LockKeysAsync(["definition:" + workflowId], cancellationToken);
        var latest = await db.Definitions.Where(d => d.WorkflowId == workflowId).OrderByDescending(d => d.Version).FirstOrDefaultAsync(cancellationToken);
        if (latest is { IsPublished: false })
        {
            latest.Name = name;
            latest.Json = json;
            latest.ContentHash = contentHash;
            latest.CreatedAt = clock.GetUtcNow();
        }
        else
        {
            latest = new WorkflowDefinitionRecord
            {
                WorkflowId = workflowId,
                Version = (latest?.Version ?? 0) + 1,
                Name = name,
                Json = json,
                ContentHash = contentHash,
                CreatedAt = clock.GetUtcNow(),
            };
            db.Definitions.Add(latest);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ToStored(latest)!;
    }

    public async Task<StoredDefinition> PublishDraftAsync(string workflowId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var draft = await db.Definitions.Where(d => d.WorkflowId == workflowId).OrderByDescending(d => d.Version).FirstOrDefaultAsync(cancellationToken);
        if (draft is not { IsPublished: false })
        {
            throw new InvalidOperationException($"Workflow '{workflowId}' has no draft to publish.");
        }

        draft.IsPublished = true;
        draft.PublishedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return ToStored(draft)!;
    }

    public async Task<bool> DeleteDraftAsync(string workflowId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var draft = await db.Definitions.Where(d => d.WorkflowId == workflowId).OrderByDescending(d => d.Version).FirstOrDefaultAsync(cancellationToken);
        if (draft is not { IsPublished: false })
        {
            return false;
        }

        db.Definitions.Remove(draft);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private static StoredDefinition? ToStored(WorkflowDefinitionRecord? r) => r is null
        ? null
        : new StoredDefinition(r.WorkflowId, r.Version, r.IsPublished, r.Name, r.Json, r.ContentHash, r.CreatedAt, r.PublishedAt);
}
