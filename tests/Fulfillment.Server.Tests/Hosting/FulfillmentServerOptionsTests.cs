using Fulfillment.Server.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace Fulfillment.Server.Tests.Hosting;

public sealed class FulfillmentServerOptionsTests
{
    [Theory]
    [InlineData("Production", null, false)]
    [InlineData("Development", null, true)]
    [InlineData("Testing", null, true)]
    [InlineData("Production", true, true)]
    [InlineData("Development", false, false)]
    public void Demo_data_defaults_to_on_outside_production(string environmentName, bool? configured, bool expected)
    {
        var options = new FulfillmentServerOptions { DemoData = configured };

        options.IsDemoDataEnabled(new HostingEnvironment { EnvironmentName = environmentName }).ShouldBe(expected);
    }

    [Fact]
    public void Defaults_are_data_folder_and_system_clock()
    {
        var options = new FulfillmentServerOptions();

        options.DataDirectory.ShouldBe("data");
        options.Clock.ShouldBe(ClockMode.System);
    }

    [Fact]
    public void Relative_data_directory_resolves_against_the_current_directory()
    {
        var paths = new FulfillmentPaths("data");

        paths.DataDirectory.ShouldBe(Path.Combine(Directory.GetCurrentDirectory(), "data"));
        paths.DatabasePath.ShouldBe(Path.Combine(Directory.GetCurrentDirectory(), "data", "fulfillment.db"));
        paths.MailDirectory.ShouldBe(Path.Combine(Directory.GetCurrentDirectory(), "data", "mail"));
    }

    [Fact]
    public void Connection_string_is_a_plain_pooled_file()
    {
        var paths = new FulfillmentPaths(Path.Combine(Path.GetTempPath(), "fulfillment-paths-test"));

        paths.SqliteConnectionString.ShouldContain($"Data Source={paths.DatabasePath}");
        paths.SqliteConnectionString.ShouldContain("Pooling=True");
        paths.SqliteConnectionString.ShouldNotContain("Cache", Case.Insensitive);
    }
}
