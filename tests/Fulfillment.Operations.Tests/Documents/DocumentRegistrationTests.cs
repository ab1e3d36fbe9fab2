using Fulfillment.Operations.Carriers;
using Fulfillment.Operations.Documents;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fulfillment.Operations.Tests.Documents;

public sealed class DocumentRegistrationTests
{
    [Fact]
    public void Shipping_charges_come_from_configuration_then_code()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Fulfillment:ShippingCharges:Express"] = "9.99",
            ["Fulfillment:ShippingCharges:ShippingIsTaxable"] = "true",
        }).Build();
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddDocuments(o => o.SameDay = 30m)
            .AddDocuments()
            .BuildServiceProvider();

        var calculator = services.GetRequiredService<InvoiceCalculator>();
        var express = calculator.Calculate([new InvoiceLine("X", "x", 1, 10m)], ShippingMethod.Express, 0.1m);

        express.Shipping.ShouldBe(9.99m);
        express.Tax.ShouldBe(2.00m);   // 10 % of 19.99, shipping included
        calculator.Calculate([new InvoiceLine("X", "x", 1, 10m)], ShippingMethod.SameDay, 0).Shipping.ShouldBe(30m);
        services.GetRequiredService<InvoiceRenderer>().Render(Samples.Invoice()).Totals.Shipping.ShouldBe(9.99m);
    }
}
