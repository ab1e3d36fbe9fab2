using Microsoft.AspNetCore.SignalR;

namespace Fulfillment.Server.Studio.Designer;

public static class DesignerServiceCollectionExtensions
{
    /// <summary>
    /// Largest message the browser may send over the Studio's circuit. The canvas sends the whole
    /// definition after every change, and a 100-activity workflow is well over SignalR's 32 KB default.
    /// </summary>
    public const long MaxCanvasMessageBytes = 4 * 1024 * 1024;

    /// <summary>The designer page's services. Requires <see cref="StudioServiceCollectionExtensions.AddFulfillmentStudio"/>.</summary>
    public static IServiceCollection AddStudioDesigner(this IServiceCollection services)
    {
        services.AddSingleton<DesignerActivityTypes>();
        services.Configure<HubOptions>(options => options.MaximumReceiveMessageSize = MaxCanvasMessageBytes);
        return services;
    }
}
