using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Fulfillment.Operations.Documents;

public static class DocumentServiceCollectionExtensions
{
    /// <summary>Configuration section of <see cref="ShippingChargeOptions"/>.</summary>
    public const string ShippingChargesSection = "Fulfillment:ShippingCharges";

    /// <summary>
    /// Adds <see cref="InvoiceCalculator"/> and <see cref="InvoiceRenderer"/>, with the shipping charges
    /// bound from <c>Fulfillment:ShippingCharges</c> when the host has configuration, then
    /// <paramref name="configure"/>. (Packing slips and return instructions need no services:
    /// <see cref="PackingSlipRenderer"/> and <see cref="ReturnInstructionsRenderer"/> are static.)
    /// </summary>
    public static IServiceCollection AddDocuments(this IServiceCollection services, Action<ShippingChargeOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!services.Any(d => d.ServiceType == typeof(InvoiceCalculator)))
        {
            var options = services.AddOptions<ShippingChargeOptions>();
            if (services.Any(d => d.ServiceType == typeof(IConfiguration)))
            {
                options.BindConfiguration(ShippingChargesSection);
            }

            services.TryAddSingleton(sp => new InvoiceCalculator(sp.GetRequiredService<IOptions<ShippingChargeOptions>>().Value));
            services.TryAddSingleton<InvoiceRenderer>();
        }

        if (configure is not null)
        {
            services.Configure(configure);
        }

        return services;
    }
}
