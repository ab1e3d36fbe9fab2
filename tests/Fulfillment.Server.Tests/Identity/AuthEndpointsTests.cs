using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Fulfillment.Server.Identity;
using Fulfillment.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication.BearerToken;

namespace Fulfillment.Server.Tests.Identity;

public sealed class AuthEndpointsTests(FulfillmentServerFactory factory) : IClassFixture<FulfillmentServerFactory>
{
    private static readonly Uri Login = new("/api/auth/login", UriKind.Relative);
    private static readonly Uri Refresh = new("/api/auth/refresh", UriKind.Relative);
    private static readonly Uri Me = new("/api/auth/me", UriKind.Relative);

    [Fact]
    public async Task Me_without_a_token_is_401_problem_details()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(Me);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Me_with_a_forged_token_is_401()
    {
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");

        using var response = await client.GetAsync(Me);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Login_returns_a_bearer_token()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync(Login, new LoginRequest(DemoUsers.AdminEmail, DemoUsers.Password));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var token = await response.Content.ReadFromJsonAsync<AccessTokenResponse>();
        token.ShouldNotBeNull();
        token.TokenType.ShouldBe("Bearer");
        token.AccessToken.ShouldNotBeNullOrWhiteSpace();
        token.RefreshToken.ShouldNotBeNullOrWhiteSpace();
        token.ExpiresIn.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Login_with_a_wrong_password_is_401_problem_details()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync(Login, new LoginRequest(DemoUsers.EmailFor(Roles.WarehouseStaff), "Wrong!2345"));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        problem.GetProperty("detail").GetString().ShouldBe("Invalid e-mail or password.");
    }

    [Fact]
    public async Task Login_with_an_unknown_email_is_401_like_a_wrong_password()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync(Login, new LoginRequest("nobody@demo.local", DemoUsers.Password));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        problem.GetProperty("detail").GetString().ShouldBe("Invalid e-mail or password.");
    }

    [Fact]
    public async Task Login_without_a_password_is_400_naming_the_field()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync(Login, new { email = DemoUsers.AdminEmail });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty("password", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Login_with_malformed_json_is_400_naming_the_json_path()
    {
        using var client = factory.CreateClient();
        using var content = new StringContent("""{"email": 42}""", MediaTypeHeaderValue.Parse("application/json"));

        using var response = await client.PostAsync(Login, content);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("path").GetString().ShouldBe("$.email");
    }

    [Fact]
    public async Task Me_shows_the_admin_with_both_roles()
    {
        using var client = await factory.CreateClientForAsync(DemoUsers.AdminEmail);

        var me = await client.GetFromJsonAsync<CurrentUserResponse>(Me);

        me.ShouldNotBeNull();
        me.Email.ShouldBe(DemoUsers.AdminEmail);
        me.DisplayName.ShouldBe("Demo Admin");
        me.Roles.ShouldBe([Roles.Admin, Roles.ProcessOwner], ignoreOrder: true);
    }

    [Fact]
    public async Task Refresh_exchanges_a_refresh_token_for_a_working_access_token()
    {
        using var client = factory.CreateClient();
        using var login = await client.PostAsJsonAsync(Login, new LoginRequest(DemoUsers.AdminEmail, DemoUsers.Password));
        var first = await login.Content.ReadFromJsonAsync<AccessTokenResponse>();

        using var response = await client.PostAsJsonAsync(Refresh, new RefreshRequest(first!.RefreshToken));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var second = await response.Content.ReadFromJsonAsync<AccessTokenResponse>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", second!.AccessToken);
        (await client.GetFromJsonAsync<CurrentUserResponse>(Me))!.Email.ShouldBe(DemoUsers.AdminEmail);
    }

    [Theory]
    [InlineData("""{"refreshToken": "forged"}""")]
    [InlineData("""{}""")]
    [InlineData("")]
    public async Task Refresh_without_a_valid_refresh_token_is_401(string body)
    {
        using var client = factory.CreateClient();
        using var content = new StringContent(body, MediaTypeHeaderValue.Parse("application/json"));

        using var response = await client.PostAsync(Refresh, content);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_access_token_is_not_accepted_as_a_refresh_token()
    {
        using var client = factory.CreateClient();
        using var login = await client.PostAsJsonAsync(Login, new LoginRequest(DemoUsers.AdminEmail, DemoUsers.Password));
        var token = await login.Content.ReadFromJsonAsync<AccessTokenResponse>();

        using var response = await client.PostAsJsonAsync(Refresh, new RefreshRequest(token!.AccessToken));

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }
}
