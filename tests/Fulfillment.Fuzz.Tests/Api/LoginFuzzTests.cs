using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fulfillment.Fuzz.Tests.Infrastructure;
using Fulfillment.Server.Identity;
using Xunit.Abstractions;

namespace Fulfillment.Fuzz.Tests.Api;

/// <summary>
/// Mutated logins on a server of their own (wrong passwords lock demo accounts out, which must not
/// disturb the other fuzz tests): a token or a 401 problem, a 400 naming the field, never a 5xx; and a
/// user the fuzzer left alone can still sign in afterwards.
/// </summary>
public sealed class LoginFuzzTests(FuzzServer server, ITestOutputHelper output) : IClassFixture<FuzzServer>
{
    /// <summary>Kept out of the fuzzing so the final check has an account that was never locked.</summary>
    private static readonly string Untouched = DemoUsers.EmailFor(Roles.TrackingConfirmation);

    [Fact]
    public async Task Mutated_logins_get_a_token_or_a_problem()
    {
        var emails = DemoUsers.All.Select(u => u.Email).Where(e => e != Untouched).ToList();
        using var anonymous = server.CreateClient();

        await new FuzzRun(nameof(Mutated_logins_get_a_token_or_a_problem), FuzzSettings.For(defaultSeed: 10_000, defaultIterations: 200), output)
            .RunAsync(async fuzzCase =>
            {
                var random = fuzzCase.Random;
                var template = new JsonObject
                {
                    ["email"] = random.Next(3) > 0 ? emails[random.Next(emails.Count)] : FuzzValues.NastyString(random),
                    ["password"] = random.Next(3) == 0 ? DemoUsers.Password : FuzzValues.NastyString(random),
                };
                var response = await anonymous.SendAsync(fuzzCase,
                    RequestMutator.JsonBody(fuzzCase, HttpMethod.Post, "/api/auth/login", "/api/auth/login", template, mutatePercent: 50), server.Errors);
                if (response.IsSuccess && string.IsNullOrEmpty(response.Root.GetProperty("accessToken").GetString()))
                {
                    throw new FuzzInvariantException("a login answer without a token", response.Body);
                }
            });

        using var login = await anonymous.PostAsJsonAsync("/api/auth/login", new { email = Untouched, password = DemoUsers.Password });
        login.EnsureSuccessStatusCode();
        (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString().ShouldNotBeNullOrEmpty();
    }
}
