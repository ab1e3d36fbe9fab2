using Fulfillment.Workflows.EntityFrameworkCore;
using Fulfillment.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Fulfillment.Workflows.Testing.Tests;

/// <summary>Workflows that start by themselves on a cron schedule (Start's <c>schedule</c>).</summary>
public sealed class ScheduleTests : IAsyncLifetime
{
    private WorkflowTestHost _host = null!;

    public async Task InitializeAsync() => _host = await WorkflowTestHost.CreateAsync(o => o.StartTime = new DateTimeOffset(2026, 1, 5, 7, 30, 0, TimeSpan.Zero));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_scheduled_workflow_starts_at_each_occurrence_once()
    {
        await _host.PublishAsync(Scheduled("0 8 * * *"));

        (await _host.AdvanceAsync(TimeSpan.FromMinutes(29))).TimersFired.ShouldBe(0);
        (await _host.AdvanceAsync(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1))).TimersFired.ShouldBe(3);

        var starts = await Instances();
        starts.Select(i => i.CorrelationId).ShouldBe(
        [
            "schedule:2026-01-05T08:00:00.0000000+00:00",
            "schedule:2026-01-06T08:00:00.0000000+00:00",
            "schedule:2026-01-07T08:00:00.0000000+00:00",
        ]);
        starts.ShouldAllBe(i => i.Status == WorkflowStatus.Completed);
    }

    [Fact]
    public async Task Publishing_a_version_without_a_schedule_stops_it()
    {
        await _host.PublishAsync(Scheduled("0 8 * * *"));
        await _host.PublishAsync(Scheduled(null));

        (await _host.AdvanceAsync(TimeSpan.FromDays(3))).TimersFired.ShouldBe(0);
        (await Instances()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_bad_cron_expression_is_a_validation_error_on_the_start_activity()
    {
        var errors = _host.Definitions.Validate(Scheduled("every morning"));

        errors.ShouldContain(e => e.Path == "$.activities[0].inputs.schedule");
    }

    [Fact]
    public async Task An_occurrence_is_claimed_once_even_when_two_runners_race()
    {
        await _host.PublishAsync(Scheduled("0 8 * * *"));
        _host.Clock.Advance(TimeSpan.FromHours(1));

        var fired = await Task.WhenAll(
            _host.Runtime.FireDueTimersAsync(_host.Clock.GetUtcNow(), null, CancellationToken.None),
            _host.Runtime.FireDueTimersAsync(_host.Clock.GetUtcNow(), null, CancellationToken.None));

        fired.Sum().ShouldBe(1);
        (await Instances()).Count.ShouldBe(1);
    }

    private async Task<IReadOnlyList<InstanceSummary>> Instances() =>
        (await _host.Services.GetRequiredService<WorkflowInstanceQueries>().ListAsync(new InstanceFilter("daily"), CancellationToken.None))
            .OrderBy(i => i.CreatedAt).ToList();

    private static string Scheduled(string? cron) => $$"""
        {
          "schemaVersion": 1, "id": "daily", "name": "Daily report",
          "activities": [
            { "id": "start", "type": "Start"{{(cron is null ? "" : $", \"inputs\": {{ \"schedule\": \"{cron}\" }}")}} },
            { "id": "end", "type": "End" }
          ],
          "connections": [ { "from": "start", "to": "end" } ]
        }
        """;
}
