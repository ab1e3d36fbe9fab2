using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fulfillment.Fuzz.Tests.Definitions;
using Fulfillment.Fuzz.Tests.Infrastructure;
using Fulfillment.Server.Identity;
using Xunit.Abstractions;

namespace Fulfillment.Fuzz.Tests.Api;

/// <summary>
/// Mutated bodies, query strings and headers for the API beyond definitions: events, instance
/// queries and operations, the inbox (get, claim, release, delegate, complete with form data,
/// outcomes, comments and Idempotency-Keys), the outbox, auth and the simulation endpoint. Never a
/// 5xx; every refusal a problem, every 400 naming its field; an Idempotency-Key replay of a
/// completion gets the first answer.
/// </summary>
public sealed class ApiPayloadFuzzTests(FuzzServer server, ITestOutputHelper output) : IClassFixture<FuzzServer>, IAsyncLifetime
{
    private const string TasksWorkflow = "fuzz-human-tasks";
    private const string EventsWorkflow = "fuzz-every-activity";

    private static readonly string[] Outcomes = ["Approved", "Rejected", "ChangesRequested", "Done", "approved", ""];

    private readonly Dictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);
    private readonly List<string> _instances = [];
    private readonly List<string> _openTasks = [];
    private readonly List<string> _idempotencyKeys = [];

    public async Task InitializeAsync()
    {
        foreach (var user in DemoUsers.All)
        {
            _clients[user.Email] = await server.CreateClientForAsync(user.Email);
        }

        foreach (var seed in DefinitionCorpus.Load().Where(s => s.Id is TasksWorkflow or EventsWorkflow))
        {
            (await Admin.PutAsync($"/api/workflows/{seed.Id}", new StringContent(seed.Json, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
            (await Admin.PostAsync($"/api/workflows/{seed.Id}/publish", null)).EnsureSuccessStatusCode();
        }
    }

    public Task DisposeAsync()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        return Task.CompletedTask;
    }

    private HttpClient Admin => _clients[DemoUsers.AdminEmail];

    [Fact]
    public async Task Mutated_api_requests_get_answers_or_problems_naming_the_field()
    {
        Func<FuzzCase, Task>[] endpoints =
        [
            DeliverEventAsync, DeliverEventAsync, StartInstanceAsync, QueryInstancesAsync, InstanceOperationAsync,
            QueryInboxAsync, TaskOperationAsync, CompleteTaskAsync, CompleteTaskAsync, CompleteTaskAsync,
            QueryOutboxAsync, ReadWorkflowAsync, AuthAsync, AdvanceClockAsync, UnknownRouteAsync,
        ];

        await new FuzzRun(nameof(Mutated_api_requests_get_answers_or_problems_naming_the_field), FuzzSettings.For(defaultSeed: 9_000, defaultIterations: 2_000), output)
            .RunAsync(async fuzzCase =>
            {
                if (_openTasks.Count < 3 || fuzzCase.Random.Next(25) == 0)
                {
                    await RefillTasksAsync(fuzzCase);
                }

                await endpoints[fuzzCase.Random.Next(endpoints.Length)](fuzzCase);
            });

        (await server.CreateClient().GetAsync("/health")).EnsureSuccessStatusCode();
    }

    private async Task DeliverEventAsync(FuzzCase fuzzCase)
    {
        var random = fuzzCase.Random;
        var key = random.Next(3) switch
        {
            0 => $"fuzz-payment:F-{random.Next(1_000)}",
            1 => "task:" + RequestMutator.SeededGuid(random).ToString("N"),
            _ => FuzzValues.NastyString(random),
        };
        var template = new JsonObject { ["key"] = key, ["payload"] = new JsonObject { ["method"] = "card", ["amount"] = random.Next(1_000) } };
        var response = await SendAsync(fuzzCase, Admin, RequestMutator.JsonBody(fuzzCase, HttpMethod.Post, "/api/events", "/api/events", template));
        if (response.IsSuccess
            && !(response.Root.GetProperty("resumed").GetInt32() >= 0 && response.Root.GetProperty("queued").ValueKind is JsonValueKind.True or JsonValueKind.False))
        {
            throw new FuzzInvariantException("an event answer without resumed/queued", response.Body);
        }
    }

    private async Task StartInstanceAsync(FuzzCase fuzzCase)
    {
        var random = fuzzCase.Random;
        var workflow = RequestMutator.Segment(random, [TasksWorkflow, EventsWorkflow, "payment-confirmation"]);
        var template = new JsonObject
        {
            ["input"] = new JsonObject { ["orderNumber"] = $"F-{random.Next(1_000)}", ["amount"] = random.Next(1_000), ["express"] = random.Next(2) == 0 },
            ["correlationId"] = $"fuzz:{fuzzCase.Seed}",
        };
        if (random.Next(3) == 0)
        {
            template["version"] = random.Next(-1, 4);
        }

        var response = await SendAsync(fuzzCase, Admin,
            RequestMutator.JsonBody(fuzzCase, HttpMethod.Post, $"/api/workflows/{workflow}/instances", "/api/workflows/{id}/instances", template));
        if (response.Status == 201)
        {
            Remember(_instances, response.Root.GetProperty("id").GetString()!);
        }
    }

    private async Task QueryInstancesAsync(FuzzCase fuzzCase)
    {
        var url = "/api/instances" + RequestMutator.Query(fuzzCase.Random, "workflowId", "status", "correlationId", "take");
        var response = await SendAsync(fuzzCase, AnyClient(fuzzCase.Random), new FuzzRequest(HttpMethod.Get, url) { Route = "/api/instances", Headers = RequestMutator.Headers(fuzzCase.Random) });
        if (response.IsSuccess && response.Root.ValueKind != JsonValueKind.Array)
        {
            throw new FuzzInvariantException("an instance query answer that is not a list", response.Body);
        }
    }

    private async Task InstanceOperationAsync(FuzzCase fuzzCase)
    {
        var random = fuzzCase.Random;
        var id = RequestMutator.Segment(random, _instances);
        var (method, url, route) = random.Next(3) switch
        {
            0 => (HttpMethod.Get, $"/api/instances/{id}", "/api/instances/{id}"),
            1 => (HttpMethod.Post, $"/api/instances/{id}/cancel", "/api/instances/{id}/cancel"),
            _ => (HttpMethod.Post, $"/api/instances/{id}/retry", "/api/instances/{id}/retry"),
        };
        await SendAsync(fuzzCase, random.Next(3) == 0 ? AnyClient(random) : Admin, new FuzzRequest(method, url) { Route = route, Headers = RequestMutator.Headers(random) });
    }

    private async Task QueryInboxAsync(FuzzCase fuzzCase) =>
        await SendAsync(fuzzCase, AnyClient(fuzzCase.Random),
            new FuzzRequest(HttpMethod.Get, "/api/tasks" + RequestMutator.Query(fuzzCase.Random, "status")) { Route = "/api/tasks", Headers = RequestMutator.Headers(fuzzCase.Random) });

    private async Task TaskOperationAsync(FuzzCase fuzzCase)
    {
        var random = fuzzCase.Random;
        var id = RequestMutator.Segment(random, _openTasks);
        var client = AnyClient(random);
        switch (random.Next(4))
        {
            case 0:
                await SendAsync(fuzzCase, client, new FuzzRequest(HttpMethod.Get, $"/api/tasks/{id}") { Route = "/api/tasks/{id}" });
                break;
            case 1:
                await SendAsync(fuzzCase, client, new FuzzRequest(HttpMethod.Post, $"/api/tasks/{id}/claim") { Route = "/api/tasks/{id}/claim" });
                break;
            case 2:
                await SendAsync(fuzzCase, client, new FuzzRequest(HttpMethod.Post, $"/api/tasks/{id}/release") { Route = "/api/tasks/{id}/release" });
                break;
            default:
                var to = random.Next(2) == 0 ? DemoUsers.All[random.Next(DemoUsers.All.Count)].Email : FuzzValues.NastyString(random);
                await SendAsync(fuzzCase, client,
                    RequestMutator.JsonBody(fuzzCase, HttpMethod.Post, $"/api/tasks/{id}/delegate", "/api/tasks/{id}/delegate", new JsonObject { ["to"] = to }, mutatePercent: 40));
                break;
        }
    }

    /// <summary>
    /// Completes a real open task (or a made-up id) as its holder (or someone else), with form data
    /// built from its form and then maybe mutated. An accepted completion with an Idempotency-Key is
    /// sent again and must get the same answer.
    /// </summary>
    private async Task CompleteTaskAsync(FuzzCase fuzzCase)
    {
        var random = fuzzCase.Random;
        var taskId = _openTasks.Count > 0 && random.Next(8) > 0 ? _openTasks[random.Next(_openTasks.Count)] : FuzzValues.NastyString(random);
        var task = await ReadTaskAsync(fuzzCase, taskId);
        var template = new JsonObject
        {
            ["data"] = task is null ? new JsonObject() : ValidData(task.Value, random),
            ["outcome"] = random.Next(3) == 0 ? null : Outcomes[random.Next(Outcomes.Length)],
            ["comment"] = random.Next(2) == 0 ? null : FuzzValues.NastyString(random),
        };
        var request = RequestMutator.JsonBody(fuzzCase, HttpMethod.Post, $"/api/tasks/{Uri.EscapeDataString(taskId.Length == 0 ? "-" : taskId)}/complete",
            "/api/tasks/{id}/complete", template, mutatePercent: 50);
        var key = IdempotencyKey(random);
        if (key is not null)
        {
            request = request with { Headers = [.. request.Headers, new("Idempotency-Key", key)] };
        }

        var client = task is not null && random.Next(6) > 0 ? HolderOf(task.Value) ?? AnyClient(random) : AnyClient(random);
        var first = await SendAsync(fuzzCase, client, request);
        if (!first.IsSuccess)
        {
            return;
        }

        _openTasks.Remove(taskId);
        if (string.IsNullOrWhiteSpace(key))
        {
            return;
        }

        Remember(_idempotencyKeys, key);
        var replay = await SendAsync(fuzzCase, client, request);
        if (!replay.IsSuccess || replay.Root.GetProperty("id").GetString() != first.Root.GetProperty("id").GetString()
            || replay.Root.GetProperty("status").GetString() != first.Root.GetProperty("status").GetString())
        {
            throw new FuzzInvariantException("an Idempotency-Key replay did not get the first answer", $"first: {first.Body}{Environment.NewLine}replay: {replay.Status} {replay.Body}");
        }
    }

    private async Task QueryOutboxAsync(FuzzCase fuzzCase) =>
        await SendAsync(fuzzCase, fuzzCase.Random.Next(4) == 0 ? AnyClient(fuzzCase.Random) : Admin,
            new FuzzRequest(HttpMethod.Get, "/api/outbox" + RequestMutator.Query(fuzzCase.Random, "status", "take")) { Route = "/api/outbox" });

    private async Task ReadWorkflowAsync(FuzzCase fuzzCase)
    {
        var random = fuzzCase.Random;
        var id = RequestMutator.Segment(random, [TasksWorkflow, EventsWorkflow, "payment-confirmation"]);
        var (url, route) = random.Next(4) switch
        {
            0 => ($"/api/workflows/{id}" + RequestMutator.Query(random, "version"), "/api/workflows/{id}"),
            1 => ($"/api/workflows/{id}/export" + RequestMutator.Query(random, "version"), "/api/workflows/{id}/export"),
            2 => ($"/api/workflows/{id}/versions", "/api/workflows/{id}/versions"),
            _ => ("/api/workflows" + RequestMutator.Query(random, "take"), "/api/workflows"),
        };
        await SendAsync(fuzzCase, AnyClient(random), new FuzzRequest(HttpMethod.Get, url) { Route = route, Headers = RequestMutator.Headers(random) });
    }

    private async Task AuthAsync(FuzzCase fuzzCase)
    {
        var random = fuzzCase.Random;
        if (random.Next(2) == 0)
        {
            await SendAsync(fuzzCase, AnyClient(random), new FuzzRequest(HttpMethod.Get, "/api/auth/me") { Route = "/api/auth/me", Headers = RequestMutator.Headers(random) });
            return;
        }

        using var anonymous = server.CreateClient();
        await SendAsync(fuzzCase, anonymous,
            RequestMutator.JsonBody(fuzzCase, HttpMethod.Post, "/api/auth/refresh", "/api/auth/refresh", new JsonObject { ["refreshToken"] = FuzzValues.NastyString(random) }));
    }

    /// <summary>This server runs on the real clock: the simulation endpoint must say 404 (or 400 for an unreadable body), never fail.</summary>
    private async Task AdvanceClockAsync(FuzzCase fuzzCase)
    {
        var response = await SendAsync(fuzzCase, Admin,
            RequestMutator.JsonBody(fuzzCase, HttpMethod.Post, "/api/simulation/advance", "/api/simulation/advance", new JsonObject { ["by"] = "P1D" }));
        if (response.IsSuccess)
        {
            throw new FuzzInvariantException("the simulation API answered on a server with the real clock", response.Body);
        }
    }

    private async Task UnknownRouteAsync(FuzzCase fuzzCase)
    {
        var random = fuzzCase.Random;
        HttpMethod[] methods = [HttpMethod.Get, HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch, HttpMethod.Options];
        string[] paths = ["/api/events", "/api/tasks", "/api/instances", "/api/workflows/validate", "/api/nope", "/api/tasks/x/y/z", "/api/simulation/advance"];
        var path = random.Next(3) == 0 ? "/api/" + Uri.EscapeDataString(FuzzValues.NastyString(random)) : paths[random.Next(paths.Length)];
        await SendAsync(fuzzCase, AnyClient(random),
            RequestMutator.JsonBody(fuzzCase, methods[random.Next(methods.Length)], path, "(routing)", new JsonObject { ["x"] = 1 }));
    }

    /// <summary>Keeps a few open tasks around: starts the task workflow and reads the inboxes.</summary>
    private async Task RefillTasksAsync(FuzzCase fuzzCase)
    {
        var started = await SendAsync(fuzzCase, Admin, FuzzRequest.Json(HttpMethod.Post, $"/api/workflows/{TasksWorkflow}/instances", "{}") with { Route = "/api/workflows/{id}/instances" });
        if (started.Status != 201)
        {
            throw new FuzzInvariantException("the task workflow cannot be started", started.Body);
        }

        Remember(_instances, started.Root.GetProperty("id").GetString()!);
        _openTasks.Clear();
        foreach (var client in _clients.Values)
        {
            var inbox = await SendAsync(fuzzCase, client, new FuzzRequest(HttpMethod.Get, "/api/tasks?status=Open") { Route = "/api/tasks" });
            _openTasks.AddRange(inbox.Root.EnumerateArray().Select(t => t.GetProperty("id").GetString()!).Where(id => !_openTasks.Contains(id)));
        }
    }

    private async Task<JsonElement?> ReadTaskAsync(FuzzCase fuzzCase, string taskId)
    {
        if (taskId.Length == 0)
        {
            return null;
        }

        var read = await SendAsync(fuzzCase, Admin, new FuzzRequest(HttpMethod.Get, $"/api/tasks/{Uri.EscapeDataString(taskId)}") { Route = "/api/tasks/{id}" });
        return read.IsSuccess ? read.Root : null;
    }

    /// <summary>Data that fits the task's form, so that many completions get past validation and really complete.</summary>
    private static JsonObject ValidData(JsonElement task, Random random)
    {
        var data = new JsonObject();
        foreach (var field in task.GetProperty("form").GetProperty("fields").EnumerateArray())
        {
            var options = field.TryGetProperty("options", out var o) && o.ValueKind == JsonValueKind.Array ? o.EnumerateArray().Select(x => x.GetString()!).ToList() : [];
            data[field.GetProperty("name").GetString()!] = field.GetProperty("type").GetString() switch
            {
                "Dropdown" when options.Count > 0 => options[random.Next(options.Count)],
                "MultipleChoice" => new JsonArray([.. options.Where(_ => random.Next(2) == 0).Select(x => (JsonNode?)x)]),
                "Checkbox" => random.Next(2) == 0,
                "Number" => random.Next(-100, 1_000),
                "Date" => "2026-05-01",
                _ => "checked " + random.Next(100).ToString(CultureInfo.InvariantCulture),
            };
        }

        return data;
    }

    private HttpClient? HolderOf(JsonElement task)
    {
        if (task.GetProperty("assignee").GetString() is { } assignee && _clients.TryGetValue(assignee, out var holder))
        {
            return holder;
        }

        return task.GetProperty("role").GetString() is { } role && _clients.TryGetValue(DemoUsers.EmailFor(role), out var inRole) ? inRole : null;
    }

    private string? IdempotencyKey(Random random) => random.Next(4) switch
    {
        0 => null,
        1 when _idempotencyKeys.Count > 0 => _idempotencyKeys[random.Next(_idempotencyKeys.Count)],
        _ => RequestMutator.HeaderValue(random),
    };

    private HttpClient AnyClient(Random random) => _clients.Values.ElementAt(random.Next(_clients.Count));

    private async Task<FuzzResponse> SendAsync(FuzzCase fuzzCase, HttpClient client, FuzzRequest request) =>
        await client.SendAsync(fuzzCase, request, server.Errors);

    /// <summary>Keeps the most recent ids; old ones are as good for fuzzing as new ones, and the lists stay small.</summary>
    private static void Remember(List<string> list, string value)
    {
        list.Add(value);
        if (list.Count > 200)
        {
            list.RemoveAt(0);
        }
    }
}
