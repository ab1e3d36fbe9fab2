using Fulfillment.Messaging.Templates;
using Fulfillment.Messaging.Transports;
using Fulfillment.Workflows;
using Fulfillment.Workflows.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Fulfillment.Messaging;

public static class EmailServiceCollectionExtensions
{
    /// <summary>
    /// Adds email: <see cref="EmailOptions"/> (bound from <c>Fulfillment:Email</c> when the host
    /// has an <see cref="IConfiguration"/>, then <paramref name="configure"/>), the template renderer,
    /// the transport the options choose (SMTP or pickup directory) and the outbox handler for
    /// messages of kind <c>email</c>. Safe to call more than once; each call may add a configure step.
    /// </summary>
    public static IServiceCollection AddFulfillmentEmail(this IServiceCollection services, Action<EmailOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!services.Any(d => d.ServiceType == typeof(EmailTemplateRenderer)))
        {
            var options = services.AddOptions<EmailOptions>();
            if (services.Any(d => d.ServiceType == typeof(IConfiguration)))
            {
                options.BindConfiguration(EmailOptions.SectionName);
            }

            options.ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmailOptions>, EmailOptionsValidator>());
            services.AddSingleton<EmailTemplateRenderer>();
            services.TryAddSingleton<SmtpEmailTransport>();
            services.TryAddSingleton<PickupDirectoryTransport>();
            services.TryAddSingleton<IEmailTransport, ConfiguredEmailTransport>();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IOutboxHandler, EmailOutboxHandler>());
        }

        if (configure is not null)
        {
            services.Configure(configure);
        }

        return services;
    }

    /// <summary>
    /// Offers the <see cref="SendEmail"/> activity in the designer palette (and adds email services
    /// with <see cref="AddFulfillmentEmail"/> if the host has not yet).
    /// </summary>
    public static WorkflowEngineBuilder AddEmailActivities(this WorkflowEngineBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddFulfillmentEmail();
        return builder.AddActivity<SendEmail>();
    }
}
