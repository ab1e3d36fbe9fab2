using System.Net;
using System.Text.Json;
using Fulfillment.Server.Identity;
using Fulfillment.Server.Tests.Infrastructure;

namespace Fulfillment.Server.Tests.Hosting;

public sealed class HostingEndpointsTests(FulfillmentServerFactory factory) : IClassFixture<FulfillmentServerFactory>
{
    [Fact]
    public async Task Health_is_anonymous_and_reports_the_database()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("status").GetString().ShouldBe("Healthy");
        body.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString().ShouldBe("Healthy");
    }

    [Fact]
    public async Task OpenApi_document_is_served_as_json_with_the_bearer_scheme()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/json");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;
        root.GetProperty("openapi").GetString().ShouldStartWith("3.");
        root.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString().ShouldBe("bearer");

        var paths = root.GetProperty("paths");
        paths.GetProperty("/api/auth/me").GetProperty("get").TryGetProperty("security", out _).ShouldBeTrue();
        paths.GetProperty("/api/auth/login").GetProperty("post").TryGetProperty("security", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task Scalar_ui_is_served_and_reads_the_openapi_document()
    {
        using var client = factory.CreateClient();

        // Scalar redirects /scalar to /scalar/ so its relative asset URLs resolve; the client follows.
        using var response = await client.GetAsync(new Uri("/scalar", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("text/html");
        (await response.Content.ReadAsStringAsync()).ShouldContain("openapi/v1.json");
    }

    [Fact]
    public async Task Unknown_path_is_a_problem_not_an_empty_404()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/no-such-page", UriKind.Relative));

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    // Found by the fuzzer: with an Accept header that excludes JSON, the bodiless errors of
    // authentication and routing (401, 404, 405) came back as text/plain instead of problem details.
    [Theory]
    [InlineData("GET", "/api/workflows", HttpStatusCode.Unauthorized)]
    [InlineData("GET", "/no-such-page", HttpStatusCode.NotFound)]
    [InlineData("PATCH", "/api/auth/login", HttpStatusCode.MethodNotAllowed)]
    public async Task Errors_are_problem_details_whatever_the_client_accepts(string method, string path, HttpStatusCode status)
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        request.Headers.Accept.ParseAdd("application/xml");

        using var response = await client.SendAsync(request);

        await response.ShouldBeProblemAsync(status);
    }

    // Found by the fuzzer: a request-validation failure ({"email": null} at login) with an Accept header
    // that excludes JSON came back as bare application/json without status, type or trace id.
    [Fact]
    public async Task A_validation_failure_is_problem_details_whatever_the_client_accepts()
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/auth/login", UriKind.Relative))
        {
            Content = new StringContent("{\"email\":null}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("image/png");

        using var response = await client.SendAsync(request);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty("email").GetArrayLength().ShouldBeGreaterThan(0);
        problem.TryGetProperty("traceId", out _).ShouldBeTrue();
    }

    // Found by the fuzzer: a query value that does not parse (?take=abc) or a missing body was a 400
    // whose problem named no field.
    [Theory]
    [InlineData("GET", "/api/instances?take=abc", "take")]
    [InlineData("GET", "/api/workflows/payment-confirmation?version=", "version")]
    [InlineData("POST", "/api/events", "$")]
    public async Task A_request_parameter_that_cannot_be_read_is_a_400_naming_it(string method, string url, string path)
    {
        using var client = await factory.CreateClientForAsync(DemoUsers.AdminEmail);

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), new Uri(url, UriKind.Relative)));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("path").GetString().ShouldBe(path);
    }

    // Found by the fuzzer: a JSON body sent as "application/json; charset=nonsense" made every endpoint
    // with a typed body answer 500 (ASP.NET Core throws a plain InvalidOperationException for it).
    [Fact]
    public async Task A_body_in_an_unknown_charset_is_a_415_problem()
    {
        using var client = await factory.CreateClientForAsync(DemoUsers.AdminEmail);
        using var content = new StringContent("""{ "key": "k" }""");
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json; charset=nonsense");

        using var response = await client.PostAsync(new Uri("/api/events", UriKind.Relative), content);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
        problem.GetProperty("detail").GetString()!.ShouldContain("nonsense");
    }
}
