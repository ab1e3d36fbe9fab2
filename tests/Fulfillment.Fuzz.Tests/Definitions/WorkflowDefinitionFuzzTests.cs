using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fulfillment.Fuzz.Tests.Infrastructure;
using Fulfillment.Server.Identity;
using Xunit.Abstractions;

namespace Fulfillment.Fuzz.Tests.Definitions;

/// <summary>
/// Thousands of mutated workflow definitions through the definition API: validate, save, read back,
/// publish and start. The API never answers 5xx, every refusal is a problem naming a JSON path, and
/// nothing accepted is corrupted: a saved draft reads back, re-validates the same and round-trips byte
/// for byte; an invalid draft is never published; the published version survives every bad draft.
/// </summary>
public sealed class WorkflowDefinitionFuzzTests(FuzzServer server, ITestOutputHelper output) : IClassFixture<FuzzServer>
{
    private static readonly JsonDocumentOptions HandWritten = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private static readonly string[] Statuses = ["Running", "Suspended", "Completed", "Faulted", "Cancelled"];

    [Fact]
    public async Task Mutated_definitions_never_break_the_api_nor_what_was_stored()
    {
        using var admin = await server.CreateClientForAsync(DemoUsers.AdminEmail);
        var types = ActivityTypeInfo.Parse(await admin.GetFromJsonAsync<JsonElement>("/api/activity-types"));
        var corpus = DefinitionCorpus.Load();
        var stored = new StoredWorkflows(admin, server.Errors);
        await PublishSeedsAsync(admin, corpus, stored);
        var mutations = JsonMutator.Structural.Concat(new DefinitionMutations(types).All).ToList();

        await new FuzzRun(nameof(Mutated_definitions_never_break_the_api_nor_what_was_stored), FuzzSettings.For(defaultSeed: 8_000, defaultIterations: 2_000), output)
            .RunAsync(fuzzCase => RunCaseAsync(admin, corpus, mutations, stored, fuzzCase));

        (await admin.GetAsync("/api/workflows")).EnsureSuccessStatusCode();
        (await server.CreateClient().GetAsync("/health")).EnsureSuccessStatusCode();
    }

    private async Task RunCaseAsync(HttpClient admin, IReadOnlyList<CorpusEntry> corpus, IReadOnlyList<Mutation> mutations, StoredWorkflows stored, FuzzCase fuzzCase)
    {
        var random = fuzzCase.Random;
        var seed = corpus[random.Next(corpus.Count)];
        var document = new FuzzDocument(JsonNode.Parse(seed.Json, documentOptions: HandWritten));
        var applied = JsonMutator.Apply(document, random, random.Next(40) == 0 ? [JsonMutator.ReplaceRoot] : mutations);
        var body = JsonMutator.ToBytes(document.Render(), random, applied, damagePercent: 10);
        var id = PickUrlId(document, seed.Id, random);
        fuzzCase.Record($"seed '{seed.Id}', mutations: {string.Join(", ", applied)}; URL id '{id}'");

        var validated = await Send(admin, fuzzCase, HttpMethod.Post, "/api/workflows/validate", "/api/workflows/validate", body);
        var validationErrors = validated.IsSuccess ? ReadErrors(validated.Root, "POST /api/workflows/validate") : null;

        // Validation alone is cheap and is where a mutation is most likely to break the server; saving,
        // reading back, publishing and starting cost ten times as much, so one case in four goes on.
        if (random.Next(4) > 0)
        {
            return;
        }

        var saved = await Send(admin, fuzzCase, HttpMethod.Put, $"/api/workflows/{Uri.EscapeDataString(id)}", "/api/workflows/{id}", body);
        if (!saved.IsSuccess)
        {
            if (saved.Status == 400 && validationErrors is { Count: 0 } && ReadDefinitionId(body) == id)
            {
                throw new FuzzInvariantException("validate accepted what save refused", saved.Body);
            }

            await stored.CheckNewestUnchangedAsync(fuzzCase, id);
            return;
        }

        var errors = ReadErrors(saved.Root, "PUT /api/workflows/{id}");
        if (validationErrors is not null && !errors.SequenceEqual(validationErrors))
        {
            throw new FuzzInvariantException("validate and save disagree", $"validate: {string.Join("; ", validationErrors)}{Environment.NewLine}save: {string.Join("; ", errors)}");
        }

        // Known before anything is checked, so a failed check does not make the next cases report it again.
        var export = await stored.ExportAsync(fuzzCase, id, version: null);
        stored.DraftSaved(id, export);
        await CheckDraftRoundTripsAsync(admin, fuzzCase, stored, id, export, saved, errors);
        var published = await Send(admin, fuzzCase, HttpMethod.Post, $"/api/workflows/{Uri.EscapeDataString(id)}/publish", "/api/workflows/{id}/publish", body: null);
        if (errors.Count > 0)
        {
            if (published.Status != 400)
            {
                throw new FuzzInvariantException("an invalid draft was published", $"{string.Join("; ", errors)} → {published.Status} {published.Body}");
            }

            await stored.CheckPublishedUnchangedAsync(fuzzCase, id);
            return;
        }

        if (published.Status != 200)
        {
            throw new FuzzInvariantException("a valid draft was not published", $"{published.Status} {published.Body}");
        }

        var version = published.Root.GetProperty("version").GetInt32();
        if (await stored.ExportAsync(fuzzCase, id, version) != export)
        {
            throw new FuzzInvariantException("the published version differs from its draft", id);
        }

        stored.Published(id, version, export);
        await StartInstanceAsync(admin, fuzzCase, id, mutations);
    }

    /// <summary>
    /// The accepted draft reads back as its newest version, the definition served equals the exported
    /// text, that text re-validates with the same errors, and saving it again stores the same bytes.
    /// </summary>
    private async Task CheckDraftRoundTripsAsync(
        HttpClient admin, FuzzCase fuzzCase, StoredWorkflows stored, string id, string export, FuzzResponse saved, IReadOnlyList<string> errors)
    {
        var escaped = Uri.EscapeDataString(id);
        var read = await Send(admin, fuzzCase, HttpMethod.Get, $"/api/workflows/{escaped}", "/api/workflows/{id}", body: null);
        if (read.Status != 200
            || read.Root.GetProperty("version").GetInt32() != saved.Root.GetProperty("version").GetInt32()
            || read.Root.GetProperty("isPublished").GetBoolean())
        {
            throw new FuzzInvariantException("a saved draft does not read back", $"{read.Status} {read.Body}");
        }

        if (!JsonNode.DeepEquals(JsonNode.Parse(export), JsonNode.Parse(read.Root.GetProperty("definition").GetRawText())))
        {
            throw new FuzzInvariantException("the served definition differs from the stored text", id);
        }

        var exported = Encoding.UTF8.GetBytes(export);
        var revalidated = await Send(admin, fuzzCase, HttpMethod.Post, "/api/workflows/validate", "/api/workflows/validate", exported);
        var revalidationErrors = ReadErrors(revalidated.Root, "POST /api/workflows/validate");
        if (!revalidationErrors.SequenceEqual(errors))
        {
            throw new FuzzInvariantException("a stored draft re-validates differently", $"saved with: {string.Join("; ", errors)}{Environment.NewLine}re-validated: {string.Join("; ", revalidationErrors)}");
        }

        var resaved = await Send(admin, fuzzCase, HttpMethod.Put, $"/api/workflows/{escaped}", "/api/workflows/{id}", exported);
        if (resaved.Status != 200 || !ReadErrors(resaved.Root, "PUT /api/workflows/{id}").SequenceEqual(errors))
        {
            throw new FuzzInvariantException("a stored draft cannot be saved again", $"{resaved.Status} {resaved.Body}");
        }

        var reexport = await stored.ExportAsync(fuzzCase, id, version: null);
        if (reexport != export)
        {
            stored.DraftSaved(id, reexport);
            throw new FuzzInvariantException("a stored draft does not round-trip", $"first:{Environment.NewLine}{export}{Environment.NewLine}then:{Environment.NewLine}{reexport}");
        }
    }

    /// <summary>Starts the just-published version with a (sometimes mutated) request; the instance may fault, the API may not.</summary>
    private async Task StartInstanceAsync(HttpClient admin, FuzzCase fuzzCase, string id, IReadOnlyList<Mutation> mutations)
    {
        var random = fuzzCase.Random;
        var request = new FuzzDocument(new JsonObject
        {
            ["input"] = new JsonObject { ["orderNumber"] = $"F-{fuzzCase.Seed}", ["amount"] = random.Next(0, 1_000), ["express"] = random.Next(2) == 0 },
            ["correlationId"] = $"fuzz:{fuzzCase.Seed}",
        });
        var applied = random.Next(2) == 0 ? JsonMutator.Apply(request, random, JsonMutator.Structural, max: 2) : [];
        fuzzCase.Record($"start request mutations: {string.Join(", ", applied)}");
        var started = await Send(admin, fuzzCase, HttpMethod.Post, $"/api/workflows/{Uri.EscapeDataString(id)}/instances", "/api/workflows/{id}/instances",
            JsonMutator.ToBytes(request.Render(), random, applied, damagePercent: 5));
        if (started.Status != 201)
        {
            return;
        }

        var instanceId = started.Root.GetProperty("id").GetString()!;
        var instance = await Send(admin, fuzzCase, HttpMethod.Get, $"/api/instances/{instanceId}", "/api/instances/{id}", body: null);
        if (instance.Status != 200 || !Statuses.Contains(instance.Root.GetProperty("status").GetString()))
        {
            throw new FuzzInvariantException("a started instance does not read back", $"{instance.Status} {instance.Body}");
        }
    }

    private async Task<FuzzResponse> Send(HttpClient client, FuzzCase fuzzCase, HttpMethod method, string url, string route, byte[]? body) =>
        await client.SendAsync(fuzzCase, new FuzzRequest(method, url) { Body = body, Route = route }, server.Errors);

    /// <summary>Usually the definition's own id (so saves are accepted), sometimes the seed's or a hostile one.</summary>
    private static string PickUrlId(FuzzDocument document, string seedId, Random random)
    {
        var roll = random.Next(100);
        if (roll < 85 && (document.Root as JsonObject)?["id"] is JsonValue value && value.TryGetValue(out string? own) && own.Length > 0)
        {
            return own;
        }

        return roll < 95 ? seedId : FuzzValues.NastyString(random);
    }

    private static string? ReadDefinitionId(byte[] body)
    {
        try
        {
            return JsonNode.Parse(body, documentOptions: HandWritten)?["id"]?.GetValue<string>();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The <c>errors</c> list as "path: message" lines; each must name a JSON path.</summary>
    private static List<string> ReadErrors(JsonElement response, string where)
    {
        var errors = new List<string>();
        foreach (var error in response.GetProperty("errors").EnumerateArray())
        {
            var path = error.GetProperty("path").GetString();
            var message = error.GetProperty("message").GetString();
            if (string.IsNullOrWhiteSpace(path) || !path.StartsWith('$') || string.IsNullOrWhiteSpace(message))
            {
                throw new FuzzInvariantException($"a validation error without a JSON path from {where}", error.GetRawText());
            }

            errors.Add($"{path}: {message}");
        }

        return errors;
    }

    private static async Task PublishSeedsAsync(HttpClient admin, IReadOnlyList<CorpusEntry> corpus, StoredWorkflows stored)
    {
        foreach (var seed in corpus)
        {
            using var saved = await admin.PutAsync($"/api/workflows/{seed.Id}", new StringContent(seed.Json, Encoding.UTF8, "application/json"));
            var answer = await saved.Content.ReadFromJsonAsync<JsonElement>();
            answer.GetProperty("errors").GetArrayLength().ShouldBe(0, $"The seed {seed.Id} must be valid: {answer}");
            using var published = await admin.PostAsync($"/api/workflows/{seed.Id}/publish", null);
            published.EnsureSuccessStatusCode();
            var version = (await published.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32();
            stored.Published(seed.Id, version, await admin.GetStringAsync($"/api/workflows/{seed.Id}/export"));
        }
    }
}
