using System.Text.Json;
using Fulfillment.Fuzz.Tests.Infrastructure;

namespace Fulfillment.Fuzz.Tests.Definitions;

/// <summary>
/// What the fuzzer knows the server stores for each workflow it touched: the newest version's exact
/// text and the newest published version. A refused save or publish must leave both as they were.
/// </summary>
public sealed class StoredWorkflows(HttpClient client, ServerErrorLog serverErrors)
{
    private readonly Dictionary<string, Known> _known = new(StringComparer.Ordinal);

    public bool Contains(string id) => _known.ContainsKey(id);

    public void DraftSaved(string id, string export) =>
        _known[id] = (_known.GetValueOrDefault(id) ?? new Known()) with { NewestExport = export };

    public void Published(string id, int version, string export) =>
        _known[id] = new Known { NewestExport = export, PublishedVersion = version, PublishedExport = export };

    /// <summary>After a refused save: the newest version is still the one known.</summary>
    public async Task CheckNewestUnchangedAsync(FuzzCase fuzzCase, string id)
    {
        if (!_known.TryGetValue(id, out var known))
        {
            return;
        }

        var newest = await ExportAsync(fuzzCase, id, version: null);
        if (newest != known.NewestExport)
        {
            throw new FuzzInvariantException("a refused save changed the stored definition", $"'{id}' was{Environment.NewLine}{known.NewestExport}{Environment.NewLine}and is now{Environment.NewLine}{newest}");
        }
    }

    /// <summary>After a bad draft was saved or refused publishing: the published version is untouched and still the newest published.</summary>
    public async Task CheckPublishedUnchangedAsync(FuzzCase fuzzCase, string id)
    {
        if (!_known.TryGetValue(id, out var known) || known.PublishedVersion is not { } version)
        {
            return;
        }

        var published = await ExportAsync(fuzzCase, id, version);
        if (published != known.PublishedExport)
        {
            throw new FuzzInvariantException("a bad draft changed the published version", $"'{id}' version {version} is now{Environment.NewLine}{published}");
        }

        var versions = await client.SendAsync(fuzzCase, new FuzzRequest(HttpMethod.Get, $"/api/workflows/{Uri.EscapeDataString(id)}/versions") { Route = "/api/workflows/{id}/versions" }, serverErrors);
        var newestPublished = versions.Root.EnumerateArray().Where(v => v.GetProperty("isPublished").GetBoolean()).Max(v => v.GetProperty("version").GetInt32());
        if (newestPublished != version)
        {
            throw new FuzzInvariantException("a bad draft was published", $"'{id}': newest published version is {newestPublished}, expected {version}.");
        }
    }

    public async Task<string> ExportAsync(FuzzCase fuzzCase, string id, int? version)
    {
        var url = $"/api/workflows/{Uri.EscapeDataString(id)}/export" + (version is null ? string.Empty : $"?version={version}");
        var export = await client.SendAsync(fuzzCase, new FuzzRequest(HttpMethod.Get, url) { Route = "/api/workflows/{id}/export" }, serverErrors);
        if (export.Status != 200)
        {
            throw new FuzzInvariantException("a stored definition cannot be exported", $"GET {url} → {export.Status}: {export.Body}");
        }

        return export.Body;
    }

    private sealed record Known
    {
        public string? NewestExport { get; init; }

        public int? PublishedVersion { get; init; }

        public string? PublishedExport { get; init; }
    }
}
