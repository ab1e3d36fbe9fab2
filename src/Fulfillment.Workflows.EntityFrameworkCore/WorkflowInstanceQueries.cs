using System.Text.Json.Nodes;
using Fulfillment.Workflows.EntityFrameworkCore.Entities;
using Fulfillment.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Fulfillment.Workflows.EntityFrameworkCore;

/// <param name="CorrelationId">Exactly this correlation id.</param>
/// <param name="Search">Part of the correlation id (e.g. an order number) or of the instance id.</param>
/// <param name="CreatedFrom">Started at or after this instant.</param>
/// <param name="CreatedBefore">Started before this instant.</param>
public sealed record InstanceFilter(
    string? WorkflowId = null,
    WorkflowStatus? Status = null,
    string? CorrelationId = null,
    int Take = 100,
    int? Version = null,
    string? Search = null,
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedBefore = null);

public sealed record InstanceSummary(
    string Id, string WorkflowId, int Version, WorkflowStatus Status, string? CorrelationId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record JournalEntryView(
    long Sequence, DateTimeOffset At, string Kind, string Actor, string? ActivityId, string? ActivityType,
    string? ActivityName, string? Outcome, string? Message, JsonNode? Data, string? Node);

public sealed record BookmarkView(string Id, string Key, string ActivityId, DateTimeOffset CreatedAt, DateTimeOffset? DueAt);

public sealed record InstanceDetails(
    string Id,
    string WorkflowId,
    int Version,
    WorkflowStatus Status,
    string? CorrelationId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    JsonObject Variables,
    JsonNode? Input,
    JsonNode? Output,
    IReadOnlyList<BookmarkView> Bookmarks,
    Incident? Incident,
    IReadOnlyList<JournalEntryView> Journal);

/// <summary>Read side for the API and Studio: what is committed is what is shown.</summary>
public sealed class WorkflowInstanceQueries(IDbContextFactory<WorkflowDbContext> contexts)
{
    public async Task<IReadOnlyList<InstanceSummary>> ListAsync(InstanceFilter filter, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Instances.AsNoTracking();
        if (filter.WorkflowId is { } workflowId)
        {
            query = query.Where(i => i.WorkflowId == workflowId);
        }

        if (filter.Status is { } status)
        {
            var text = status.ToString();
            query = query.Where(i => i.Status == text);
        }

        if (filter.CorrelationId is { } correlationId)
        {
            query = query.Where(i => i.CorrelationId == correlationId);
        }

        if (filter.Version is { } version)
        {
            query = query.Where(i => i.Version == version);
        }

        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var search = filter.Search.Trim();
            query = query.Where(i => (i.CorrelationId != null && i.CorrelationId.Contains(search)) || i.Id.Contains(search));
        }

        if (filter.CreatedFrom is { } from)
        {
            var utc = from.ToUniversalTime();
            query = query.Where(i => i.CreatedAt >= utc);
        }

        if (filter.CreatedBefore is { } before)
        {
            var utc = before.ToUniversalTime();
            query = query.Where(i => i.CreatedAt < utc);
        }

        var rows = await query
            .OrderByDescending(i => i.CreatedAt)
            .Take(Math.Clamp(filter.Take, 1, 1000))
            .Select(i => new { i.Id, i.WorkflowId, i.Version, i.Status, i.CorrelationId, i.CreatedAt, i.UpdatedAt })
            .ToListAsync(cancellationToken);
        return rows.Select(i => new InstanceSummary(i.Id, i.WorkflowId, i.Version, Enum.Parse<WorkflowStatus>(i.Status), i.CorrelationId, i.CreatedAt, i.UpdatedAt)).ToList();
    }

    public async Task<InstanceDetails?> GetAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = await db.Instances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken);
        if (record is null)
        {
            return null;
        }

        var instance = EfWorkflowInstanceStore.ToInstance(record);
        var journal = await db.Journal.AsNoTracking()
            .Where(j => j.InstanceId == instanceId)
            .OrderBy(j => j.Id)
            .ToListAsync(cancellationToken);
        var state = instance.State;
        return new InstanceDetails(
            instance.Id, instance.WorkflowId, instance.Version, instance.Status, instance.CorrelationId,
            instance.CreatedAt, instance.UpdatedAt, state.Variables, state.Input, state.Output,
            state.Bookmarks.Select(b => new BookmarkView(b.Id, b.Key, b.ActivityId, b.CreatedAt, b.DueAt)).ToList(),
            state.Incident,
            journal.Select(ToView).ToList());
    }

    private static JournalEntryView ToView(JournalEntryRecord j) => new(
        j.Id, j.At, j.Kind, j.Actor, j.ActivityId, j.ActivityType, j.ActivityName, j.Outcome, j.Message,
        j.DataJson is null ? null : JsonNode.Parse(j.DataJson), j.Node);
}
