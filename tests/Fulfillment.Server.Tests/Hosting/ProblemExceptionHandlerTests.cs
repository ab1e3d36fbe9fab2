using System.Text.Json;
using Fulfillment.Server.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fulfillment.Server.Tests.Hosting;

public sealed class ProblemExceptionHandlerTests
{
    private sealed class OrderMissingException(string message) : KeyNotFoundException(message);

    private sealed class LateOrderMissingException(string message) : Exception(message);

    [Fact]
    public void Mapped_exception_gets_its_status_and_message()
    {
        var handler = CreateHandler(options => options.Map<InvalidOperationException>(StatusCodes.Status409Conflict, "Conflict."));

        var problem = handler.CreateProblem(new InvalidOperationException("Task 7 is no longer open."));

        problem.Status.ShouldBe(StatusCodes.Status409Conflict);
        problem.Title.ShouldBe("Conflict.");
        problem.Detail.ShouldBe("Task 7 is no longer open.");
    }

    [Fact]
    public void Derived_exception_uses_the_closest_mapped_base_type()
    {
        var handler = CreateHandler(options => options
            .Map<Exception>(StatusCodes.Status418ImATeapot)
            .Map<KeyNotFoundException>(StatusCodes.Status404NotFound));

        handler.CreateProblem(new OrderMissingException("Order 42 was not found.")).Status.ShouldBe(StatusCodes.Status404NotFound);
    }

    [Fact]
    public void Mapping_can_add_extensions()
    {
        var handler = CreateHandler(options => options.Map<LateOrderMissingException>(
            StatusCodes.Status404NotFound,
            configure: (problem, exception) => problem.Extensions["reason"] = exception.Message.Length));

        handler.CreateProblem(new LateOrderMissingException("gone")).Extensions["reason"].ShouldBe(4);
    }

    [Fact]
    public void Unknown_exception_is_a_generic_500_without_details_outside_development()
    {
        var handler = CreateHandler(environmentName: Environments.Production);

        var problem = handler.CreateProblem(new InvalidOperationException("connection string Password=secret"));

        problem.Status.ShouldBe(StatusCodes.Status500InternalServerError);
        problem.Title.ShouldBe(ProblemExceptionHandler.UnexpectedErrorTitle);
        problem.Detail.ShouldBeNull();
        problem.Extensions.ShouldNotContainKey("exception");
    }

    [Fact]
    public void Unknown_exception_shows_its_details_in_development()
    {
        var handler = CreateHandler(environmentName: Environments.Development);

        var problem = handler.CreateProblem(new InvalidOperationException("boom"));

        problem.Detail.ShouldBe("boom");
        problem.Extensions["exception"].ShouldBeOfType<string>().ShouldContain("InvalidOperationException");
    }

    [Fact]
    public async Task TryHandle_writes_problem_json_with_the_status()
    {
        var handler = CreateHandler(options => options.Map<TimeoutException>(StatusCodes.Status503ServiceUnavailable));
        var context = CreateHttpContext();

        var handled = await handler.TryHandleAsync(context, new TimeoutException("Carrier did not answer."), CancellationToken.None);

        handled.ShouldBeTrue();
        context.Response.StatusCode.ShouldBe(StatusCodes.Status503ServiceUnavailable);
        context.Response.ContentType.ShouldBe("application/problem+json");
        context.Response.Body.Position = 0;
        using var body = await JsonDocument.ParseAsync(context.Response.Body);
        body.RootElement.GetProperty("detail").GetString().ShouldBe("Carrier did not answer.");
    }

    [Fact]
    public void Validation_error_names_become_json_paths()
    {
        ValidationErrorNames.ToJsonPath("Password").ShouldBe("password");
        ValidationErrorNames.ToJsonPath("ShippingAddress.PostalCode").ShouldBe("shippingAddress.postalCode");
        ValidationErrorNames.ToJsonPath("Lines[0].Sku").ShouldBe("lines[0].sku");
    }

    private static ProblemExceptionHandler CreateHandler(Action<ProblemMappingOptions>? map = null, string environmentName = "Testing")
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var options = new ProblemMappingOptions();
        map?.Invoke(options);
        return new ProblemExceptionHandler(
            services.GetRequiredService<IProblemDetailsService>(),
            Options.Create(options),
            new TestHostEnvironment(environmentName),
            NullLogger<ProblemExceptionHandler>.Instance);
    }

    private static DefaultHttpContext CreateHttpContext()
    {
        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider(),
        };
        context.Response.Body = new MemoryStream();
        return context;
    }

    private sealed class TestHostEnvironment(string environmentName) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = environmentName;

        public string ApplicationName { get; set; } = "Fulfillment.Server.Tests";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } =
            new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
