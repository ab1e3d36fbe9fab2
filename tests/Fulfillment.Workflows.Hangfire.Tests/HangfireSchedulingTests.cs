using Fulfillment.Workflows.EntityFrameworkCore;
using Fulfillment.Workflows.Runtime;
using Fulfillment.Workflows.Testing;
using Hangfire;
using Hangfire.InMemory;
using Hangfire.States;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fulfillment.Workflows.Hangfire.Tests;

/// <summary>Timers and outbox on a real Hangfire storage: our rows are the truth, Hangfire only runs them.</summary>
public sealed class HangfireSchedulingTests : IAsyncLifetime, IDisposable
{
    private const string DelayFlow = """
        {
          "schemaVersion": 1, "id": "delay", "name": "Delay",
          "activities": [ { "id": "start", "type": "Start" }, { "id": "wait", "type": "Delay", "inputs": { "duration": "P2D" } } ],
          "connections": [ { "from": "start", "to": "wait" } ]
        }
        """;

    private InMemoryStorage _storage = new();
    private WorkflowTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await WorkflowTestHost.CreateAsync(o =>
        {
            o.ConfigureEngine = b => b.AddActivity<NotifyActivity>();
            o.ConfigureServices = services =>
            {
            // A factory, so a "restart" can hand the new provider a fresh, empty storage like an in-memory Hangfire after a crash.
            services.AddSingleton<JobStorage>(_ => _storage);
            services.AddSingleton<IBackgroundJobClient>(sp => new BackgroundJobClient(sp.GetRequiredService<JobStorage>()));
            services.AddSingleton<IRecurringJobManager>(sp => new RecurringJobManager(sp.GetRequiredService<JobStorage>()));
            services.AddWorkflowHangfire();
            };
        });
        await _host.PublishAsync(DelayFlow);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public void Dispose() => _storage.Dispose();

    [Fact]
    public async Task A_timer_gets_a_scheduled_job_whose_id_is_kept_on_the_timer_row()
    {
        var instance = await _host.StartAsync("delay");

        var row = await TimerRowAsync(instance.Id);
        row.SchedulerJobId.ShouldNotBeNull();
        JobState(row.SchedulerJobId).ShouldBe(ScheduledState.StateName);
        var job = Connection().GetJobData(row.SchedulerJobId).Job;
        job.Type.ShouldBe(typeof(TimerJobs));
        job.Args[1].ShouldBe(row.Id);
    }

    [Fact]
    public async Task Cancelling_the_instance_deletes_its_timer_job_by_the_stored_id()
    {
        var instance = await _host.StartAsync("delay");
        var jobId = (await TimerRowAsync(instance.Id)).SchedulerJobId!;

        await _host.Runtime.CancelAsync(instance.Id, WorkflowTestHost.Actor, CancellationToken.None);

        JobState(jobId).ShouldBe(DeletedState.StateName);
    }

    [Fact]
    public async Task The_timer_job_fires_the_timer_once()
    {
        var instance = await _host.StartAsync("delay");
        var row = await TimerRowAsync(instance.Id);
        var jobs = ActivatorUtilities.CreateInstance<TimerJobs>(_host.Services);
        _host.Clock.Advance(TimeSpan.FromDays(2));

        await jobs.FireAsync(instance.Id, row.Id, row.DueAt!.Value, CancellationToken.None);
        await jobs.FireAsync(instance.Id, row.Id, row.DueAt!.Value, CancellationToken.None);

        var details = await _host.GetDetailsAsync(instance.Id);
        details.Status.ShouldBe(WorkflowStatus.Completed);
        details.Journal.Count(j => j.Kind == nameof(JournalEventKind.ActivityResumed)).ShouldBe(1);
    }

    [Fact]
    public async Task After_a_restart_on_empty_in_memory_storage_every_timer_is_scheduled_again()
    {
        var first = await _host.StartAsync("delay");
        var second = await _host.StartAsync("delay");

        using (var crashed = _storage)
        {
            _storage = new InMemoryStorage();
            await _host.RestartAsync();
        }

        await _host.Services.GetRequiredService<WorkflowSchedulerBootstrapper>().StartAsync(CancellationToken.None);

        foreach (var instance in new[] { first, second })
        {
            var row = await TimerRowAsync(instance.Id);
            JobState(row.SchedulerJobId!).ShouldBe(ScheduledState.StateName);
        }

        Connection().GetRecurringJobs().Select(j => j.Id).ShouldBe(["outbox-sweep", "workflow-recovery-sweep", "workflow-timer-sweep"], ignoreOrder: true);
    }

    [Fact]
    public async Task An_outbox_message_is_enqueued_for_dispatch_after_its_commit()
    {
        await _host.PublishAsync("""
            {
              "schemaVersion": 1, "id": "notify", "name": "Notify",
              "activities": [ { "id": "start", "type": "Start" }, { "id": "say", "type": "Notify" } ],
              "connections": [ { "from": "start", "to": "say" } ]
            }
            """);

        await _host.StartAsync("notify");

        var messageId = await _host.QueryAsync(db => db.Outbox.Select(o => o.Id).SingleAsync());
        var enqueued = _storage.GetMonitoringApi().EnqueuedJobs("default", 0, 10);
        enqueued.ShouldContain(j => j.Value.Job.Type == typeof(OutboxJobs) && (Guid)j.Value.Job.Args[0] == messageId);
    }

    private IStorageConnection Connection() => _storage.GetConnection();

    private string JobState(string jobId) => Connection().GetJobData(jobId).State;

    private Task<EntityFrameworkCore.Entities.BookmarkRecord> TimerRowAsync(string instanceId) =>
        _host.QueryAsync(db => db.Bookmarks.SingleAsync(b => b.InstanceId == instanceId && b.DueAt != null));
}

/// <summary>Queues one outbox message, like any activity that talks to the outside world.</summary>
[Sdk.Activity("Test", "Notify")]
public sealed class NotifyActivity : Sdk.CodeActivity
{
    protected override ValueTask<string> RunAsync(Sdk.ActivityContext context)
    {
        context.SendMessage("test", new System.Text.Json.Nodes.JsonObject { ["hello"] = "world" }, context.IdempotencyKey);
        return ValueTask.FromResult(Sdk.ActivityOutcomes.Done);
    }
}
