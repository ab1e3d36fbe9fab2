using Fulfillment.Workflows.Definitions;

namespace Fulfillment.Server.Studio.Designer;

/// <summary>
/// What the designer read and checked while prerendering, kept in the page (Blazor's persistent
/// component state) so that the interactive page starts from it instead of reading the definition,
/// versions and roles and validating every activity a second time when the circuit starts.
/// </summary>
/// <param name="Version">The version asked for (<c>?version=</c>), null for the newest.</param>
/// <param name="Stored">The version shown; null when it was not found.</param>
public sealed record DesignerSnapshot(
    string WorkflowId,
    int? Version,
    bool CanEdit,
    IReadOnlyList<string> Roles,
    StoredDefinition? Stored,
    IReadOnlyList<DesignerVersion> Versions,
    IReadOnlyList<DesignerProblem> Problems);

/// <summary>One line of the Versions tab (without the definition's JSON, which only the shown version needs).</summary>
public sealed record DesignerVersion(int Version, bool IsPublished, DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt)
{
    public static IReadOnlyList<DesignerVersion> Of(IEnumerable<StoredDefinition> versions) =>
        [.. versions.Select(v => new DesignerVersion(v.Version, v.IsPublished, v.CreatedAt, v.PublishedAt))];
}
