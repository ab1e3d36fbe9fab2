using Fulfillment.Workflows.Definitions;
using Fulfillment.Workflows.EntityFrameworkCore.Entities;
using Microsoft.EntityFrameworkCore;

namespace Fulfillment.Workflows.EntityFrameworkCore;

public sealed class EfWorkflowScheduleStore(IDbContextFactory<WorkflowDbContext> contexts) : IWorkflowScheduleStore
{
    public async Task SetAsync(string workflowId, WorkflowSchedule? schedule, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Schedules.FirstOrDefaultAsync(s => s.WorkflowId == workflowId, cancellationToken);
        if (schedule is null)
        {
            if (row is not null)
            {
                db.Schedules.Remove(row);
            }
        }
        else if (row is null)
        {
            db.Schedules.Add(new WorkflowScheduleRecord { WorkflowId = workflowId, Cron = schedule.Cron, NextDueAt = schedule.NextDueAt.ToUniversalTime() });
        }
        else if (row.Cron != schedule.Cron)
        {
            // An unchanged schedule keeps its next occurrence; a changed one starts afresh.
            row.Cron = schedule.Cron;
            row.NextDueAt = schedule.NextDueAt.ToUniversalTime();
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<WorkflowSchedule?> FindNextDueAsync(DateTimeOffset until, CancellationToken cancellationToken)
    {
        until = until.ToUniversalTime();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Schedules.AsNoTracking()
            .Where(s => s.NextDueAt <= until)
            .OrderBy(s => s.NextDueAt)
            .Select(s => new WorkflowSchedule(s.WorkflowId, s.Cron, s.NextDueAt))
            .FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<bool> ClaimAsync(string workflowId, DateTimeOffset due, DateTimeOffset next, CancellationToken cancellationToken)
    {
        due = due.ToUniversalTime();
        next = next.ToUniversalTime();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Schedules
            .Where(s => s.WorkflowId == workflowId && s.NextDueAt == due)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.NextDueAt, next), cancellationToken) == 1;
    }
}
