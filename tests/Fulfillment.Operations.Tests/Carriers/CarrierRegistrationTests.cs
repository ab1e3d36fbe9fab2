using Fulfillment.Operations.Carriers;
using Fulfillment.Operations.Carriers.Simulated;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fulfillment.Operations.Tests.Carriers;

public sealed class CarrierRegistrationTests
{
    [Fact]
    public void The_registry_finds_the_simulated_carrier_by_its_code_in_any_case()
    {
        using var services = new ServiceCollection().AddSimulatedCarrier().BuildServiceProvider();
        var registry = services.GetRequiredService<ICarrierRegistry>();

        registry.Get("simulated").ShouldBeOfType<SimulatedCarrier>();
        registry.TryGet("SIMULATED", out var carrier).ShouldBeTrue();
        carrier.ShouldBeSameAs(registry.Get("simulated"));
        registry.Carriers.ShouldHaveSingleItem();
    }

    [Fact]
    public void An_unknown_code_names_the_registered_ones()
    {
        using var services = new ServiceCollection().AddSimulatedCarrier().BuildServiceProvider();
        var registry = services.GetRequiredService<ICarrierRegistry>();

        registry.TryGet("dhl", out _).ShouldBeFalse();
        Should.Throw<KeyNotFoundException>(() => registry.Get("dhl")).Message.ShouldContain("Registered: simulated");
    }

    [Fact]
    public void Registering_twice_adds_the_carrier_once_and_two_carriers_with_one_code_are_refused()
    {
        using var once = new ServiceCollection().AddSimulatedCarrier().AddSimulatedCarrier().AddCarriers().BuildServiceProvider();
        once.GetRequiredService<ICarrierRegistry>().Carriers.Count.ShouldBe(1);

        using var clash = new ServiceCollection().AddSimulatedCarrier().AddCarrier<ImpostorCarrier>().BuildServiceProvider();
        Should.Throw<InvalidOperationException>(() => clash.GetRequiredService<ICarrierRegistry>()).Message.ShouldContain("ImpostorCarrier");
    }

    [Fact]
    public async Task Options_come_from_configuration_then_code()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Fulfillment:Carriers:Simulated:DefaultScenario"] = "Delayed",
            ["Fulfillment:Carriers:Simulated:ScenariosByOrderNumber:D-1002"] = "Lost",
            ["Fulfillment:Carriers:Simulated:LostAfter"] = "3.00:00:00",
        }).Build();
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSimulatedCarrier(o => o.TrackingNumberPrefix = "TST")
            .BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<SimulatedCarrierOptions>>().Value;
        options.DefaultScenario.ShouldBe(SimulatedScenario.Delayed);
        options.ScenariosByOrderNumber["d-1002"].ShouldBe(SimulatedScenario.Lost);
        options.LostAfter.ShouldBe(TimeSpan.FromDays(3));

        var booking = await services.GetRequiredService<ICarrierRegistry>().Get("simulated").BookAsync(CarrierSamples.Booking(), CarrierSamples.Start);
        booking.TrackingNumber.ShouldStartWith("TST");
    }

    [Theory]
    [InlineData("DelayBy", "DelayBy must be positive")]
    [InlineData("TrackingNumberPrefix", "TrackingNumberPrefix must be two to four capital letters")]
    [InlineData("TrackingUrlBase", "TrackingUrlBase must be an absolute http(s) URL")]
    public void Invalid_options_fail_when_the_carrier_is_resolved(string setting, string message)
    {
        using var services = new ServiceCollection().AddSimulatedCarrier(o =>
        {
            switch (setting)
            {
                case "DelayBy": o.DelayBy = TimeSpan.Zero; break;
                case "TrackingNumberPrefix": o.TrackingNumberPrefix = "sim1"; break;
                default: o.TrackingUrlBase = "track/"; break;
            }
        }).BuildServiceProvider();

        var carrier = services.GetRequiredService<ICarrierRegistry>().Get("simulated");
        Should.Throw<OptionsValidationException>(() => carrier.QuoteAsync(CarrierSamples.Shipment(), CarrierSamples.Start)).Message.ShouldContain(message);
    }

    private sealed class ImpostorCarrier : ICarrier
    {
        public string Code => "Simulated";

        public string DisplayName => "Impostor";

        public Task<IReadOnlyList<CarrierRate>> QuoteAsync(ShipmentRequest shipment, DateTimeOffset now, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<CarrierBooking> BookAsync(BookingRequest request, DateTimeOffset now, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<TrackingResult> TrackAsync(string carrierData, DateTimeOffset now, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<CarrierCancellation> CancelAsync(string carrierData, DateTimeOffset now, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
    }
}
