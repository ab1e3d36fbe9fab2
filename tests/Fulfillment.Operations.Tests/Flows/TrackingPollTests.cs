using Fulfillment.Operations.Model;
using Fulfillment.Operations.Shipping;
using Microsoft.EntityFrameworkCore;

namespace Fulfillment.Operations.Tests.Flows;

/// <summary>
/// A tracking poll stores the news of every parcel at once (one transaction), then resumes each parcel's
/// waits: every parcel moves, none twice, and a parcel nobody knows or without news changes nothing.
/// </summary>
public sealed class TrackingPollTests : IAsyncLifetime
{
    private FlowHost _flows = null!;

    public async Task InitializeAsync()
    {
        _flows = await FlowHost.CreateAsync();
        await _flows.PublishWorkflowFileAsync(Seed001.Workflow);
    }

    public async Task DisposeAsync() => await _flows.DisposeAsync();

    [Fact]
    public async Task One_poll_records_every_parcel_with_news_and_resumes_each_order()
    {
        var orders = new List<(Order Order, string InstanceId)>();
        foreach (var number in new[] { "P-1", "P-2", "P-3" })
        {
            var started = await _flows.StartOrderAsync(Seed001.Workflow, number, "express", null, ("EL-1001", 1));
            await Seed001.ShipAsync(_flows, started.InstanceId);
            await Seed001.TrackAsync(_flows, started.InstanceId);
            orders.Add(started);
        }

        _flows.Host.Clock.Advance(TimeSpan.FromDays(2));
        var poll = await _flows.Get<TrackingPoller>().PollAsync(CancellationToken.None);
        poll.Polled.ShouldBe(3);
        poll.NewScans.ShouldBeGreaterThanOrEqualTo(3 * 3, "each express parcel was picked up, moved and delivered within two days");
        poll.Resumed.ShouldBeGreaterThanOrEqualTo(3);
        await _flows.Host.DispatchOutboxAsync();
        foreach (var (order, instanceId) in orders)
        {
            var shipment = await _flows.ReadAsync(db => db.Shipments.SingleAsync(s => s.OrderId == order.Id));
            shipment.Status.ShouldBe(ShipmentStatus.Delivered);
            (await _flows.OrderAsync(order.Id)).Status.ShouldBe(OrderStatus.Completed, await _flows.DescribeAsync(instanceId));
        }

        var again = await _flows.Get<TrackingPoller>().PollAsync(CancellationToken.None);
        again.NewScans.ShouldBe(0, "a delivered parcel is no longer polled");
        again.Polled.ShouldBe(0);
    }

    [Fact]
    public async Task Recording_several_updates_reports_each_and_stores_only_news()
    {
        var (order, instanceId) = await _flows.StartOrderAsync(Seed001.Workflow, "P-9", "express", null, ("EL-1001", 1));
        await Seed001.ShipAsync(_flows, instanceId);
        var shipment = await _flows.ReadAsync(db => db.Shipments.SingleAsync(s => s.OrderId == order.Id));
        var at = _flows.Host.Clock.GetUtcNow();
        var pickedUp = new CarrierScan("PU", "Picked up", at, "Depot", ShipmentStatus.PickedUp);
        var moved = new CarrierScan("IT", "In transit", at.AddHours(1), "Hub", ShipmentStatus.InTransit);
        var tracking = _flows.Get<TrackingService>();

        var recorded = await tracking.RecordAllAsync(
        [
            new TrackingUpdate(shipment.CarrierCode, shipment.TrackingNumber!, ShipmentStatus.PickedUp, [pickedUp]),
            new TrackingUpdate(shipment.CarrierCode, "NOSUCHPARCEL", ShipmentStatus.InTransit, [moved]),
            new TrackingUpdate(shipment.CarrierCode, shipment.TrackingNumber!, ShipmentStatus.InTransit, [pickedUp, moved]),
        ], CancellationToken.None);

        recorded.Select(r => (r.Known, r.NewScans, r.Status)).ShouldBe(
        [
            (true, 1, (ShipmentStatus?)ShipmentStatus.PickedUp),
            (false, 0, null),
            (true, 1, ShipmentStatus.InTransit),
        ]);
        var stored = await _flows.ReadAsync(db => db.TrackingEvents.Where(e => e.ShipmentId == shipment.Id).OrderBy(e => e.OccurredAt).Select(e => e.Code).ToListAsync());
        stored.ShouldBe(["PU", "IT"]);

        var repeated = await tracking.RecordAllAsync([new TrackingUpdate(shipment.CarrierCode, shipment.TrackingNumber!, ShipmentStatus.InTransit, [pickedUp, moved])], CancellationToken.None);
        repeated.ShouldHaveSingleItem().NewScans.ShouldBe(0);
        (await _flows.ReadAsync(db => db.TrackingEvents.CountAsync(e => e.ShipmentId == shipment.Id))).ShouldBe(2);
    }
}
