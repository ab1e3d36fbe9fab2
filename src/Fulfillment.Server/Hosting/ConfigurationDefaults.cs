using Microsoft.Extensions.Configuration.Memory;

namespace Fulfillment.Server.Hosting;

public static class ConfigurationDefaults
{
    /// <summary>
    /// Built-in defaults at the lowest precedence, so any appsettings file, environment variable or
    /// command-line argument still overrides them. Kept in code rather than in appsettings.json because
    /// the server runs from whatever directory it is started in and must not depend on finding a file there.
    /// </summary>
    public static IConfigurationManager AddFulfillmentDefaults(this IConfigurationManager configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                // EF Core logs every SQL statement at Information; that drowns the server's own messages.
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Warning",
            },
        });
        return configuration;
    }
}
