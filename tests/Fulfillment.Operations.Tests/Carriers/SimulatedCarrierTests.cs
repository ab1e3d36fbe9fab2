using Fulfillment.Operations.Carriers;
using Fulfillment.Operations.Carriers.Simulated;
using Fulfillment.Operations.Labels;
using Fulfillment.Operations.Tests.Documents.Pdf;
using Fulfillment.Operations.Tests.Labels;
using Microsoft.Extensions.Time.Testing;

namespace Fulfillment.Operations.Tests.Carriers;

public sealed class SimulatedCarrierTests
{
    private readonly FakeTimeProvider _clock = new(CarrierSamples.Start);
    private readonly SimulatedCarrier _carrier = CarrierSamples.Carrier();

    private DateTimeOffset Now => _clock.GetUtcNow();

    [Fact]
    public async Task Quotes_offer_every_service_with_price_and_delivery_estimate()
    {
        var rates = await _carrier.QuoteAsync(CarrierSamples.Shipment(weightKg: 2.5m), Now);

        rates.Select(r => (r.ServiceCode, r.Method, r.Price, r.EstimatedDelivery)).ShouldBe(
        [
            ("standard", ShippingMethod.Standard, 6.75m, Now.AddHours(1 + 78)),   // 4.50 + 0.90 × 2.5
            ("express", ShippingMethod.Express, 15.00m, Now.AddHours(1 + 28)),    // 11.00 + 1.60 × 2.5
            ("same-day", ShippingMethod.SameDay, 25.25m, Now.AddHours(1 + 5)),    // 19.00 + 2.50 × 2.5
        ]);
        rates.ShouldAllBe(r => r.Currency == "USD");
    }

    [Fact]
    public async Task A_booking_carries_the_tracking_number_label_data_and_carrier_data()
    {
        var booking = await _carrier.BookAsync(CarrierSamples.Booking(), Now);

        booking.CarrierCode.ShouldBe("simulated");
        booking.TrackingNumber.ShouldBe("SIM681947567019");
        booking.ServiceCode.ShouldBe("express");
        booking.PickupAt.ShouldBe(Now.AddHours(1));
        booking.EstimatedDelivery.ShouldBe(Now.AddHours(1 + 28));
        booking.Label.ShouldBe(new LabelData("Simulated Carrier", "Express", "SIM681947567019",
            "https://track.fulfillment.local/simulated/SIM681947567019", CarrierSamples.Shipment().ShipFrom, CarrierSamples.Shipment().ShipTo,
            2.5m, new DateOnly(2026, 3, 2), "A-1001", "US 627"));
        booking.CarrierData.ShouldContain("\"trackingNumber\":\"SIM681947567019\"");
    }

    [Fact]
    public async Task Booking_the_same_shipment_again_gives_the_same_tracking_number()
    {
        var first = await _carrier.BookAsync(CarrierSamples.Booking(), Now);
        _clock.Advance(TimeSpan.FromMinutes(30));

        var again = await CarrierSamples.Carrier().BookAsync(CarrierSamples.Booking(), Now);
        var exchange = await _carrier.BookAsync(CarrierSamples.Booking(shipment: CarrierSamples.Shipment(sequence: 2)), Now);

        again.TrackingNumber.ShouldBe(first.TrackingNumber);
        exchange.TrackingNumber.ShouldNotBe(first.TrackingNumber);
    }

    [Fact]
    public async Task Tracking_advances_with_the_clock_through_every_step()
    {
        var booking = await _carrier.BookAsync(CarrierSamples.Booking(), Now);
        var seen = new List<TrackingStatus>();

        for (var hour = 0; hour <= 48; hour++)
        {
            var tracking = await _carrier.TrackAsync(booking.CarrierData, Now);
            if (seen.Count == 0 || seen[^1] != tracking.Status)
            {
                seen.Add(tracking.Status);
            }

            _clock.Advance(TimeSpan.FromHours(1));
        }

        seen.ShouldBe([TrackingStatus.LabelCreated, TrackingStatus.PickedUp, TrackingStatus.InTransit, TrackingStatus.OutForDelivery, TrackingStatus.Delivered]);
    }

    [Fact]
    public async Task Tracking_answers_with_the_events_so_far_and_the_current_estimate()
    {
        var booking = await _carrier.BookAsync(CarrierSamples.Booking(), Now);

        _clock.Advance(TimeSpan.FromHours(3));   // picked up at +1 h, in transit at +3 h
        var inTransit = await _carrier.TrackAsync(booking.CarrierData, Now);
        _clock.Advance(TimeSpan.FromDays(2));
        var delivered = await _carrier.TrackAsync(booking.CarrierData, Now);

        inTransit.TrackingNumber.ShouldBe(booking.TrackingNumber);
        inTransit.Status.ShouldBe(TrackingStatus.InTransit);
        inTransit.Events.Select(e => (e.Status, e.OccurredAt)).ShouldBe(
            [(TrackingStatus.LabelCreated, CarrierSamples.Start), (TrackingStatus.PickedUp, CarrierSamples.Start.AddHours(1)), (TrackingStatus.InTransit, CarrierSamples.Start.AddHours(3))]);
        inTransit.Events[1].Location.ShouldBe("Reno");
        inTransit.EstimatedDelivery.ShouldBe(booking.EstimatedDelivery);
        inTransit.IsFinal.ShouldBeFalse();

        delivered.Status.ShouldBe(TrackingStatus.Delivered);
        delivered.Events[^1].OccurredAt.ShouldBe(booking.EstimatedDelivery);
        delivered.Events[^1].Location.ShouldBe("Springfield");
        delivered.IsFinal.ShouldBeTrue();
        delivered.EstimatedDelivery.ShouldBeNull();
    }

    [Theory]
    [InlineData("same-day", 6)]
    [InlineData("express", 29)]
    [InlineData("standard", 79)]
    public async Task Each_service_delivers_on_its_own_timeline(string service, int hoursAfterBooking)
    {
        var booking = await _carrier.BookAsync(CarrierSamples.Booking(service), Now);

        var justBefore = await _carrier.TrackAsync(booking.CarrierData, Now.AddHours(hoursAfterBooking).AddMinutes(-1));
        var onTime = await _carrier.TrackAsync(booking.CarrierData, Now.AddHours(hoursAfterBooking));

        justBefore.Status.ShouldBe(TrackingStatus.OutForDelivery);
        onTime.Status.ShouldBe(TrackingStatus.Delivered);
        booking.EstimatedDelivery.ShouldBe(Now.AddHours(hoursAfterBooking));
    }

    [Fact]
    public async Task A_delayed_parcel_reports_the_delay_and_arrives_later()
    {
        var booking = await _carrier.BookAsync(CarrierSamples.Booking(scenario: "Delayed"), Now);
        var onTime = booking.EstimatedDelivery;

        var beforeNews = await _carrier.TrackAsync(booking.CarrierData, Now.AddHours(4));
        var delayed = await _carrier.TrackAsync(booking.CarrierData, Now.AddHours(14));
        var whenItWouldHaveArrived = await _carrier.TrackAsync(booking.CarrierData, onTime);
        var arrived = await _carrier.TrackAsync(booking.CarrierData, onTime + TimeSpan.FromDays(2));

        beforeNews.Status.ShouldBe(TrackingStatus.InTransit);
        beforeNews.EstimatedDelivery.ShouldBe(onTime);
        delayed.Status.ShouldBe(TrackingStatus.Delayed);
        delayed.Events[^1].Description.ShouldContain("Delayed");
        delayed.EstimatedDelivery.ShouldBe(onTime + TimeSpan.FromDays(2));
        whenItWouldHaveArrived.Status.ShouldBe(TrackingStatus.Delayed);
        arrived.Status.ShouldBe(TrackingStatus.Delivered);
        arrived.Events.Select(e => e.Status).ShouldBe(
            [TrackingStatus.LabelCreated, TrackingStatus.PickedUp, TrackingStatus.InTransit, TrackingStatus.Delayed, TrackingStatus.OutForDelivery, TrackingStatus.Delivered]);
    }

    [Fact]
    public async Task A_damaged_parcel_is_delivered_with_a_damage_exception()
    {
        var booking = await _carrier.BookAsync(CarrierSamples.Booking(scenario: "damaged"), Now);

        var tracking = await _carrier.TrackAsync(booking.CarrierData, booking.EstimatedDelivery);

        tracking.Status.ShouldBe(TrackingStatus.Damaged);
        tracking.IsFinal.ShouldBeTrue();
        tracking.Events.TakeLast(2).Select(e => (e.Status, e.OccurredAt)).ShouldBe(
            [(TrackingStatus.Delivered, booking.EstimatedDelivery), (TrackingStatus.Damaged, booking.EstimatedDelivery)]);
    }

    [Fact]
    public async Task A_lost_parcel_stops_in_transit_and_is_declared_lost_after_the_configured_days()
    {
        var carrier = CarrierSamples.Carrier(o => o.LostAfter = TimeSpan.FromDays(4));
        var booking = await carrier.BookAsync(CarrierSamples.Booking(scenario: "Lost"), Now);
        var inTransitAt = Now.AddHours(3);

        var stillInTransit = await carrier.TrackAsync(booking.CarrierData, inTransitAt + TimeSpan.FromDays(4) - TimeSpan.FromSeconds(1));
        var lost = await carrier.TrackAsync(booking.CarrierData, inTransitAt + TimeSpan.FromDays(4));
        var muchLater = await carrier.TrackAsync(booking.CarrierData, Now.AddDays(60));

        stillInTransit.Status.ShouldBe(TrackingStatus.InTransit);
        stillInTransit.Events.Count.ShouldBe(3);
        lost.Status.ShouldBe(TrackingStatus.Lost);
        lost.IsFinal.ShouldBeTrue();
        muchLater.Events.Select(e => e.Status).ShouldBe([TrackingStatus.LabelCreated, TrackingStatus.PickedUp, TrackingStatus.InTransit, TrackingStatus.Lost]);
    }

    [Fact]
    public async Task The_scenario_comes_from_the_request_then_the_order_then_the_default()
    {
        var carrier = CarrierSamples.Carrier(o =>
        {
            o.DefaultScenario = SimulatedScenario.Damaged;
            o.ScenariosByOrderNumber["D-LOST"] = SimulatedScenario.Lost;
        });
        var later = Now.AddDays(30);

        var byDefault = await carrier.BookAsync(CarrierSamples.Booking(), Now);
        var byOrder = await carrier.BookAsync(CarrierSamples.Booking(shipment: CarrierSamples.Shipment("d-lost")), Now);
        var byRequest = await carrier.BookAsync(CarrierSamples.Booking(scenario: "Normal", shipment: CarrierSamples.Shipment("D-LOST")), Now);

        (await carrier.TrackAsync(byDefault.CarrierData, later)).Status.ShouldBe(TrackingStatus.Damaged);
        (await carrier.TrackAsync(byOrder.CarrierData, later)).Status.ShouldBe(TrackingStatus.Lost);
        (await carrier.TrackAsync(byRequest.CarrierData, later)).Status.ShouldBe(TrackingStatus.Delivered);
    }

    [Fact]
    public async Task Tracking_needs_nothing_but_the_stored_data_even_after_a_restart_with_other_options()
    {
        var booking = await CarrierSamples.Carrier(o => o.DelayBy = TimeSpan.FromDays(3)).BookAsync(CarrierSamples.Booking(scenario: "Delayed"), Now);
        var later = Now.AddDays(2);

        var before = await CarrierSamples.Carrier(o => o.DelayBy = TimeSpan.FromDays(3)).TrackAsync(booking.CarrierData, later);
        var afterRestart = await CarrierSamples.Carrier(o => o.DelayBy = TimeSpan.FromHours(1)).TrackAsync(booking.CarrierData, later);

        afterRestart.ShouldBeEquivalentTo(before);
        afterRestart.EstimatedDelivery.ShouldBe(booking.EstimatedDelivery + TimeSpan.FromDays(3));
    }

    [Fact]
    public async Task The_parcel_is_collected_after_it_is_ready()
    {
        var booking = await _carrier.BookAsync(CarrierSamples.Booking(readyAt: Now.AddHours(5)), Now);

        booking.PickupAt.ShouldBe(Now.AddHours(6));
        (await _carrier.TrackAsync(booking.CarrierData, Now.AddHours(5))).Status.ShouldBe(TrackingStatus.LabelCreated);
        (await _carrier.TrackAsync(booking.CarrierData, Now.AddHours(6))).Status.ShouldBe(TrackingStatus.PickedUp);
    }

    [Fact]
    public async Task A_booking_can_be_cancelled_before_pickup_once_and_idempotently()
    {
        var booking = await _carrier.BookAsync(CarrierSamples.Booking(), Now);
        _clock.Advance(TimeSpan.FromMinutes(20));

        var cancelled = await _carrier.CancelAsync(booking.CarrierData, Now);
        var again = await _carrier.CancelAsync(cancelled.CarrierData, Now.AddHours(5));
        var tracking = await _carrier.TrackAsync(cancelled.CarrierData, Now.AddDays(5));

        cancelled.Cancelled.ShouldBeTrue();
        again.Cancelled.ShouldBeTrue();
        again.CarrierData.ShouldBe(cancelled.CarrierData);
        tracking.Status.ShouldBe(TrackingStatus.Cancelled);
        tracking.Events.Select(e => (e.Status, e.OccurredAt)).ShouldBe([(TrackingStatus.LabelCreated, CarrierSamples.Start), (TrackingStatus.Cancelled, Now)]);
        tracking.EstimatedDelivery.ShouldBeNull();
    }

    [Fact]
    public async Task A_parcel_already_picked_up_cannot_be_cancelled()
    {
        var booking = await _carrier.BookAsync(CarrierSamples.Booking(), Now);

        var refused = await _carrier.CancelAsync(booking.CarrierData, booking.PickupAt);

        refused.Cancelled.ShouldBeFalse();
        refused.Reason.ShouldContain("Picked up at 2026-03-02 10:00 UTC");
        refused.CarrierData.ShouldBe(booking.CarrierData);
    }

    public static TheoryData<BookingRequest, string> InvalidBookings => new()
    {
        { CarrierSamples.Booking("overnight"), "serviceCode" },
        { CarrierSamples.Booking(scenario: "Stolen"), "options.scenario" },
        { CarrierSamples.Booking(scenario: "7"), "options.scenario" },
        { CarrierSamples.Booking(shipment: CarrierSamples.Shipment(weightKg: 0)), "shipment.parcel.weightKg" },
        { CarrierSamples.Booking(shipment: CarrierSamples.Shipment(weightKg: 70.5m)), "shipment.parcel.weightKg" },
        { CarrierSamples.Booking(shipment: CarrierSamples.Shipment(sequence: 0)), "shipment.shipmentSequence" },
        { CarrierSamples.Booking(shipment: CarrierSamples.Shipment(orderNumber: " ")), "shipment.orderNumber" },
    };

    [Theory]
    [MemberData(nameof(InvalidBookings))]
    public async Task Invalid_bookings_name_the_offending_field(BookingRequest request, string path)
    {
        var error = await Should.ThrowAsync<InvalidShipmentException>(() => _carrier.BookAsync(request, Now));

        error.Path.ShouldBe(path);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"version\":2,\"trackingNumber\":\"SIM1\",\"service\":\"express\"}")]
    [InlineData("{\"version\":1,\"trackingNumber\":\"SIM1\",\"service\":\"teleport\"}")]
    public async Task Data_that_is_not_a_simulated_booking_is_refused(string carrierData)
    {
        await Should.ThrowAsync<ArgumentException>(() => _carrier.TrackAsync(carrierData, Now));
    }

    [Fact]
    public async Task The_booked_label_renders_with_a_barcode_that_decodes_to_the_tracking_number()
    {
        var booking = await _carrier.BookAsync(CarrierSamples.Booking(), Now);

        var pdf = PdfShippingLabel.Render(booking.Label);
        var zpl = ZplShippingLabel.Render(booking.Label);

        var bars = LabelDrawing.BarcodeWidths(PdfContent.Parse(PdfFileReader.Read(pdf).ContentOf(0)));
        Code128Decoder.DecodeWidths(bars).ShouldBe(booking.TrackingNumber);
        zpl.ShouldContain($"^FD{booking.TrackingNumber}^FS");
        zpl.ShouldContain($"^FDMA,https://track.fulfillment.local/simulated/{booking.TrackingNumber}^FS");
    }
}
