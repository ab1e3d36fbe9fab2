using Fulfillment.Operations.Carriers.Simulated;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Fulfillment.Operations.Carriers;

public static class CarrierServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="ICarrierRegistry"/>, which offers every <see cref="ICarrier"/> registered
    /// in the container by its code. Safe to call more than once.
    /// </summary>
    public static IServiceCollection AddCarriers(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<ICarrierRegistry, CarrierRegistry>();
        return services;
    }

    /// <summary>
    /// Registers a carrier (a singleton: carriers keep no per-shipment state) and the registry.
    /// Two carriers with one code make the registry throw when it is first resolved.
    /// </summary>
    public static IServiceCollection AddCarrier<TCarrier>(this IServiceCollection services)
        where TCarrier : class, ICarrier
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICarrier, TCarrier>());
        return services.AddCarriers();
    }

    /// <summary>
    /// Adds the <see cref="SimulatedCarrier"/> (code <c>simulated</c>) with its options bound from
    /// <c>Fulfillment:Carriers:Simulated</c> when the host has configuration, then
    /// <paramref name="configure"/>; invalid options fail when the carrier is first resolved.
    /// </summary>
    public static IServiceCollection AddSimulatedCarrier(this IServiceCollection services, Action<SimulatedCarrierOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!services.Any(d => d.ServiceType == typeof(IValidateOptions<SimulatedCarrierOptions>)))
        {
            var options = services.AddOptions<SimulatedCarrierOptions>();
            if (services.Any(d => d.ServiceType == typeof(IConfiguration)))
            {
                options.BindConfiguration(SimulatedCarrierOptions.SectionName);
            }

            services.AddSingleton<IValidateOptions<SimulatedCarrierOptions>, SimulatedCarrierOptionsValidator>();
        }

        if (configure is not null)
        {
            services.Configure(configure);
        }

        return services.AddCarrier<SimulatedCarrier>();
    }
}
