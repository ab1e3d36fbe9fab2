using Fulfillment.Operations;
using Fulfillment.Operations.Carriers;
using Fulfillment.Operations.Carriers.Simulated;
using Fulfillment.Operations.Customers;
using Fulfillment.Operations.Returns;
using Fulfillment.Operations.Shipping;
using Fulfillment.Server.Hosting;
using Fulfillment.Server.Scheduling;
using Microsoft.Extensions.Options;

namespace Fulfillment.Server.Flows;

public static class FlowsServiceCollectionExtensions
{
    /// <summary>
    /// The fulfillment steps on the server: their services (<c>AddOperationsFlows</c>), settings
    /// (<c>Fulfillment:Operations:Shop</c>, <c>…:Shipping</c>, <c>…:Returns</c>, <c>Fulfillment:PublicBaseUrl</c>),
    /// CSAT tokens, and the carrier tracking poll (a Hangfire recurring job, or a step of every simulated advance).
    /// The activities are registered with the engine in <c>AddFulfillmentWorkflows</c>.
    /// </summary>
    public static IServiceCollection AddFulfillmentFlows(this IServiceCollection services)
    {
        services.AddOperationsFlows();
        services.AddSimulatedCarrier();

        // The simulated carrier's labels (their QR code) and its tracking links lead to this server's tracking page.
        services.AddOptions<SimulatedCarrierOptions>().PostConfigure<IOptions<CustomerLinkOptions>>((carrier, links) =>
        {
            if (carrier.TrackingUrlBase == new SimulatedCarrierOptions().TrackingUrlBase)
            {
                carrier.TrackingUrlBase = $"{links.Value.PublicBaseUrl.TrimEnd('/')}/track/";
            }
        });
        services.AddOptions<ShopOptions>().BindConfiguration(ShopOptions.SectionName);
        services.AddOptions<CustomerLinkOptions>().BindConfiguration(FulfillmentServerOptions.SectionName);
        services.AddOptions<ReturnsOptions>().BindConfiguration(ReturnsOptions.SectionName);
        services.AddOptions<ShippingOptions>().BindConfiguration(ShippingOptions.SectionName)
            .Validate(o => TryPollCron(o) is null, "Fulfillment:Operations:Shipping:PollInterval must be whole minutes that divide an hour or whole hours that divide a day.")
            .ValidateOnStart();
        services.AddSingleton<IFeedbackTokens, FeedbackTokens>();
        services.AddSingleton<ISimulationStep, TrackingSimulationStep>();
        services.AddStartupTask<TrackingPollStartupTask>();
        return services;
    }

    /// <summary>Labels, returns, carrier webhooks and scenarios under <c>/api</c>; the feedback and tracking pages at the root.</summary>
    public static IEndpointRouteBuilder MapFulfillmentFlows(this IEndpointRouteBuilder endpoints, RouteGroupBuilder api)
    {
        api.MapLabelEndpoints();
        api.MapReturnEndpoints();
        api.MapCarrierWebhookEndpoints();
        api.MapCarrierScenarioEndpoints();
        endpoints.MapFeedbackEndpoints();
        endpoints.MapTrackingPage();
        return endpoints;
    }

    private static string? TryPollCron(ShippingOptions options)
    {
        try
        {
            options.PollCron();
            return null;
        }
        catch (InvalidOperationException ex)
        {
            return ex.Message;
        }
    }
}
