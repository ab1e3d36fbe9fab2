using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fulfillment.Server.Identity;

namespace Fulfillment.Studio.Tests.Infrastructure;

/// <summary>
/// The HTTP API of the test server, signed in as one demo user: what the browser tests do "behind the
/// page" (publish a workflow, start an instance, have someone else complete a task).
/// </summary>
public sealed class ServerApi : IDisposable
{
    private readonly HttpClient _http;

    private ServerApi(HttpClient http) => _http = http;

    public static async Task<ServerApi> SignInAsync(StudioServer server, string email)
    {
        ArgumentNullException.ThrowIfNull(server);
        var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var login = await http.PostAsJsonAsync("api/auth/login", new { email, password = DemoUsers.Password });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new ServerApi(http);
    }

    /// <summary>Saves and publishes a definition; returns the published version.</summary>
    public async Task<int> PublishAsync(string json)
    {
        var id = JsonDocument.Parse(json).RootElement.GetProperty("id").GetString();
        using var saved = await _http.PutAsync($"api/workflows/{id}", new StringContent(json, Encoding.UTF8, "application/json"));
        await EnsureAsync(saved);
        using var published = await _http.PostAsync($"api/workflows/{id}/publish", null);
        await EnsureAsync(published);
        return (await published.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32();
    }

    /// <summary>Starts the newest published version; returns the instance id.</summary>
    public async Task<string> StartAsync(string workflowId, string correlationId, object? input = null)
    {
        using var started = await _http.PostAsJsonAsync($"api/workflows/{workflowId}/instances", new { input, correlationId });
        await EnsureAsync(started);
        return (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>The caller's open task of an instance at one activity.</summary>
    public async Task<string> TaskIdAsync(string instanceId, string activityId)
    {
        var inbox = await _http.GetFromJsonAsync<JsonElement>("api/tasks?status=Open");
        return inbox.EnumerateArray()
            .Single(t => t.GetProperty("instanceId").GetString() == instanceId && t.GetProperty("activityId").GetString() == activityId)
            .GetProperty("id").GetString()!;
    }

    public async Task CompleteAsync(string taskId, object body)
    {
        using var completed = await _http.PostAsJsonAsync($"api/tasks/{taskId}/complete", body);
        await EnsureAsync(completed);
    }

    /// <summary>Sends <c>POST /api/orders</c> as it is; the caller looks at the status (503 while no order workflow is published).</summary>
    public Task<HttpResponseMessage> PlaceOrderAsync(object order) => _http.PostAsJsonAsync("api/orders", order);

    /// <summary>Moves the simulated clock on (an ISO 8601 duration) and waits until everything due on the way has run.</summary>
    public async Task AdvanceClockAsync(string by)
    {
        using var advanced = await _http.PostAsJsonAsync("api/simulation/advance", new { by });
        await EnsureAsync(advanced);
    }

    public async Task<JsonElement> InstanceAsync(string instanceId) => await _http.GetFromJsonAsync<JsonElement>($"api/instances/{instanceId}");

    public void Dispose() => _http.Dispose();

    private static async Task EnsureAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
