using System.Text.Json.Nodes;
using Fulfillment.Workflows.Runtime;
using Fulfillment.Workflows.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Fulfillment.Workflows.Tests;

/// <summary>A stimulus that arrives before its bookmark is committed is queued, not lost, and consumed once.</summary>
public sealed class QueuedStimulusTests
{
    private const string ShipmentFlow = """
        {
          "schemaVersion": 1, "id": "shipment", "name": "Shipment",
          "variables": [ { "name": "tracking", "default": null }, { "name": "shipment", "default": null } ],
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "w", "type": "WaitForEvent", "inputs": { "key": { "expr": "'shipment:' + tracking" } }, "outputs": { "payload": "shipment" } },
            { "id": "end", "type": "End", "inputs": { "output": { "expr": "shipment.status" } } }
          ],
          "connections": [ { "from": "start", "to": "w" }, { "from": "w", "to": "end" } ]
        }
        """;

    [Fact]
    public async Task An_event_nobody_waits_for_is_queued_and_consumed_by_the_first_instance_that_waits_on_its_key()
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync(ShipmentFlow);

        var delivery = await host.Runtime.DeliverEventAsync(
            "shipment:TRACK123", new JsonObject { ["status"] = "delivered" }, "carrier-webhook", CancellationToken.None);

        delivery.ShouldBe(new EventDeliveryResult(0, Queued: true));
        (await host.QueryAsync(db => db.Stimuli.CountAsync())).ShouldBe(1);

        var first = await host.StartAsync("shipment", new JsonObject { ["tracking"] = "TRACK123" });

        var firstDetails = await host.GetDetailsAsync(first.Id);
        firstDetails.Status.ShouldBe(WorkflowStatus.Completed);
        firstDetails.Output!.GetValue<string>().ShouldBe("delivered");
        firstDetails.Bookmarks.ShouldBeEmpty();
        var resumed = firstDetails.Entries(JournalEventKind.ActivityResumed, "w").ShouldHaveSingleItem();
        resumed.Actor.ShouldBe("carrier-webhook"); // journaled as the event's sender, not as whoever started the instance
        (await host.QueryAsync(db => db.Stimuli.CountAsync())).ShouldBe(0);

        // Consumed once: the next instance on the same key waits for a new event.
        var second = await host.StartAsync("shipment", new JsonObject { ["tracking"] = "TRACK123" });

        var secondDetails = await host.GetDetailsAsync(second.Id);
        secondDetails.Status.ShouldBe(WorkflowStatus.Suspended);
        secondDetails.Bookmarks.ShouldHaveSingleItem().Key.ShouldBe("shipment:TRACK123");
        (await host.DeliverAsync("shipment:TRACK123", new JsonObject { ["status"] = "returned" })).Resumed.ShouldBe(1);
        (await host.GetDetailsAsync(second.Id)).Output!.GetValue<string>().ShouldBe("returned");
        (await host.GetDetailsAsync(first.Id)).Output!.GetValue<string>().ShouldBe("delivered");
    }

    [Fact]
    public async Task A_queued_event_waits_only_for_its_own_key()
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync(ShipmentFlow);
        (await host.DeliverAsync("shipment:OTHER", new JsonObject { ["status"] = "lost" })).Queued.ShouldBeTrue();

        var started = await host.StartAsync("shipment", new JsonObject { ["tracking"] = "MINE" });

        (await host.GetDetailsAsync(started.Id)).Status.ShouldBe(WorkflowStatus.Suspended);
        (await host.QueryAsync(db => db.Stimuli.Select(s => s.Key).ToListAsync())).ShouldBe(["shipment:OTHER"]);
    }

    [Fact]
    public async Task Queued_events_on_one_key_are_delivered_one_per_waiting_bookmark_in_arrival_order()
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync(ShipmentFlow);
        await host.DeliverAsync("shipment:T", new JsonObject { ["status"] = "first" });
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        await host.DeliverAsync("shipment:T", new JsonObject { ["status"] = "second" });

        var a = await host.StartAsync("shipment", new JsonObject { ["tracking"] = "T" });
        var b = await host.StartAsync("shipment", new JsonObject { ["tracking"] = "T" });
        var c = await host.StartAsync("shipment", new JsonObject { ["tracking"] = "T" });

        (await host.GetDetailsAsync(a.Id)).Output!.GetValue<string>().ShouldBe("first");
        (await host.GetDetailsAsync(b.Id)).Output!.GetValue<string>().ShouldBe("second");
        (await host.GetDetailsAsync(c.Id)).Status.ShouldBe(WorkflowStatus.Suspended);
        (await host.QueryAsync(db => db.Stimuli.CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task A_queued_event_survives_a_restart()
    {
        await using var host = await EngineHost.CreateAsync();
        await host.PublishAsync(ShipmentFlow);
        (await host.DeliverAsync("shipment:LATE", new JsonObject { ["status"] = "delivered" })).Queued.ShouldBeTrue();

        await host.RestartAsync();
        var started = await host.StartAsync("shipment", new JsonObject { ["tracking"] = "LATE" });

        (await host.GetDetailsAsync(started.Id)).Status.ShouldBe(WorkflowStatus.Completed);
    }
}
