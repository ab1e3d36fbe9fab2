using System.Text.Json.Nodes;
using Fulfillment.Server.Studio.Services;
using Fulfillment.Workflows.Definitions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.JSInterop;
using MudBlazor;

namespace Fulfillment.Server.Studio.Designer;

/// <summary>
/// The designer: palette, canvas, property panel, validation and versions of one workflow. The
/// newest version (the draft, if there is one) is editable by a Process Owner or Admin; older
/// versions and everyone else see it read-only.
/// </summary>
public sealed partial class DesignerPage
{
    /// <summary>Largest definition file the import reads.</summary>
    private const long MaxImportBytes = 4 * 1024 * 1024;

    private ElementReference _canvasElement;
    private ElementReference _minimapElement;
    private ElementReference _paletteElement;
    private Task<IJSObjectReference>? _module;
    private DesignerCanvas? _canvas;
    private DotNetObjectReference<DesignerPage>? _listener;

    private (string Id, int? Version)? _loadedFor;
    private int _loadCount;
    private DesignerDocument? _document;
    private StoredDefinition? _stored;
    private IReadOnlyList<StoredDefinition> _versions = [];
    private IReadOnlyList<string> _roles = [];
    private IReadOnlyList<DesignerProblem> _problems = [];
    private IReadOnlyList<DesignerProblem>? _publishRefusal;
    private IReadOnlyList<string>? _importErrors;
    private string[] _selection = [];
    private bool _canEdit;
    private bool _isHistoric;
    private bool _notFound;
    private bool _readOnly = true;
    private bool _dirty;
    private bool _busy;
    private bool _canUndo;
    private bool _canRedo;
    private int _tab;

    [Parameter]
    public string WorkflowId { get; set; } = string.Empty;

    /// <summary>An older version to look at (read-only); none is the newest.</summary>
    [SupplyParameterFromQuery(Name = "version")]
    public int? Version { get; set; }

    [Inject]
    private WorkflowCatalog Catalog { get; set; } = default!;

    [Inject]
    private WorkflowDefinitionService Definitions { get; set; } = default!;

    [Inject]
    private DesignerActivityTypes Types { get; set; } = default!;

    [Inject]
    private RoleManager<IdentityRole> RoleManager { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private FileDownloads Downloads { get; set; } = default!;

    private string? SelectedId => _selection.Length == 1 ? _selection[0] : null;

    private JsonObject? SelectedActivity => SelectedId is { } id ? _document?.Activity(id) : null;

    private IReadOnlyList<DesignerProblem> WorkflowProblems => [.. _problems.Where(p => p.ActivityId is null)];

    protected override async Task OnInitializedAsync()
    {
        if (RendererInfo.IsInteractive)
        {
            _module = DesignerCanvas.ImportAsync(JS).AsTask();
        }

        _canEdit = await Catalog.CanEditAsync();
        _roles = await RoleManager.Roles.Select(r => r.Name!).OrderBy(n => n).ToListAsync();
    }

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedFor == (WorkflowId, Version))
        {
            return;
        }

        _loadedFor = (WorkflowId, Version);
        await LoadDefinitionAsync();
        if (_canvas is not null)
        {
            await DrawAsync();
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }

        _listener = DotNetObjectReference.Create(this);
        _canvas = await DesignerCanvas.CreateAsync(await (_module ?? DesignerCanvas.ImportAsync(JS).AsTask()), _canvasElement, _minimapElement, _paletteElement, _listener);
        await DrawAsync();
    }

    private async Task LoadDefinitionAsync()
    {
        var cancellationToken = CancellationToken.None;
        _versions = await Catalog.ListVersionsAsync(WorkflowId, cancellationToken);
        _stored = await Catalog.FindAsync(WorkflowId, Version, cancellationToken);
        _notFound = _stored is null;
        _isHistoric = Version is not null && _versions.Count > 0 && Version != _versions[0].Version;
        _readOnly = !_canEdit || _isHistoric || _notFound;
        _document = _stored is null ? null : DesignerDocument.Parse(_stored.Json);
        _dirty = false;
        _selection = [];
        _publishRefusal = null;
        _loadCount++;
        Validate();
    }

    private async Task DrawAsync()
    {
        if (_canvas is null || _document is null)
        {
            return;
        }

        await _canvas.LoadAsync(_document.Root, Types.ForCanvas, _readOnly, Types.DynamicOutcomes(_document));
        await _canvas.SetValidationAsync(DesignerProblems.ByActivity(_problems));
    }

    private void Validate()
    {
        _problems = _document is null ? [] : DesignerProblems.Locate(Definitions.Validate(_document.ToJson()), _document);
    }

    // ---- Canvas callbacks ----------------------------------------------------------------------

    [JSInvokable]
    public async Task OnCanvasChanged(string definitionJson, bool canUndo, bool canRedo)
    {
        _document = DesignerDocument.Parse(definitionJson);
        _canUndo = canUndo;
        _canRedo = canRedo;
        _dirty = true;
        Validate();
        if (_canvas is not null)
        {
            await _canvas.SetValidationAsync(DesignerProblems.ByActivity(_problems));
        }

        StateHasChanged();
    }

    [JSInvokable]
    public Task OnSelectionChanged(string[] activityIds)
    {
        _selection = activityIds;
        if (_selection.Length > 0)
        {
            _tab = 0;
        }

        StateHasChanged();
        return Task.CompletedTask;
    }

    [JSInvokable]
    public Task OnHistoryChanged(bool canUndo, bool canRedo)
    {
        _canUndo = canUndo;
        _canRedo = canRedo;
        StateHasChanged();
        return Task.CompletedTask;
    }

    // ---- Editing -------------------------------------------------------------------------------

    private async Task AddActivityAsync(string type)
    {
        if (_canvas is not null && !_readOnly)
        {
            await _canvas.AddActivityAsync(type);
        }
    }

    private async Task UpdateActivityAsync(JsonObject activity)
    {
        if (_canvas is null || _document is null || _readOnly)
        {
            return;
        }

        _document.ReplaceActivity(activity);
        _dirty = true;
        await _canvas.UpdateActivityAsync(activity, Types.DynamicOutcomes(activity));
    }

    private async Task SetConnectionsAsync((string Outcome, IReadOnlyList<string> Targets) change)
    {
        if (_canvas is not null && SelectedId is { } from && !_readOnly)
        {
            await _canvas.SetConnectionsAsync(from, change.Outcome, change.Targets);
        }
    }

    private async Task UpdateSettingsAsync(JsonObject settings)
    {
        if (_canvas is null || _document is null || _readOnly)
        {
            return;
        }

        _document.ReplaceSettings(settings);
        _dirty = true;
        await _canvas.UpdateSettingsAsync(settings);
    }

    private async Task RemoveActivityAsync(string id)
    {
        if (_canvas is not null)
        {
            await _canvas.RemoveActivityAsync(id);
        }
    }

    private async Task RemoveSelectionAsync()
    {
        if (_canvas is not null)
        {
            await _canvas.RemoveSelectionAsync();
        }
    }

    private async Task SelectActivityAsync(string id)
    {
        if (_canvas is not null)
        {
            await _canvas.SelectAsync(id);
        }
    }

    private async Task ShowProblemAsync(DesignerProblem problem)
    {
        if (problem.ActivityId is { } id)
        {
            await SelectActivityAsync(id);
            _tab = 0;
        }
        else
        {
            _tab = 1;
        }
    }

    private async Task UndoAsync()
    {
        if (_canvas is not null)
        {
            await _canvas.UndoAsync();
        }
    }

    private async Task RedoAsync()
    {
        if (_canvas is not null)
        {
            await _canvas.RedoAsync();
        }
    }

    private async Task ZoomAsync(double delta)
    {
        if (_canvas is not null)
        {
            await _canvas.ZoomAsync(delta);
        }
    }

    private async Task ZoomToFitAsync()
    {
        if (_canvas is not null)
        {
            await _canvas.ZoomToFitAsync();
        }
    }

    private async Task LayoutAsync()
    {
        if (_canvas is not null)
        {
            await _canvas.LayoutAsync();
        }
    }

    // ---- Saving and publishing -----------------------------------------------------------------

    private async Task SaveAsync()
    {
        _busy = true;
        try
        {
            if (await SaveDraftAsync() is { } draft)
            {
                Snackbar.Add($"Saved draft version {draft.Version}.", Severity.Success);
            }
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>Saves the canvas as the draft; null (with the reason shown) when it could not be saved.</summary>
    private async Task<StoredDefinition?> SaveDraftAsync()
    {
        if (_canvas is null || _readOnly)
        {
            return null;
        }

        var json = await _canvas.GetDefinitionJsonAsync();
        try
        {
            var (draft, _) = await Catalog.SaveDraftAsync(WorkflowId, json, CancellationToken.None);
            _stored = draft;
            _dirty = false;
            _versions = await Catalog.ListVersionsAsync(WorkflowId, CancellationToken.None);
            return draft;
        }
        catch (WorkflowValidationException ex)
        {
            _importErrors = [.. ex.Errors.Select(e => e.ToString())];
            return null;
        }
    }

    /// <summary>
    /// Publishes what the canvas shows as a new version. Refused, with the reasons, while the
    /// validator finds problems; running instances stay on the version they started with.
    /// </summary>
    private async Task PublishAsync()
    {
        if (_canvas is null || _readOnly)
        {
            return;
        }

        _busy = true;
        try
        {
            _document = DesignerDocument.Parse(await _canvas.GetDefinitionJsonAsync());
            Validate();
            await _canvas.SetValidationAsync(DesignerProblems.ByActivity(_problems));
            if (_problems.Count > 0)
            {
                _publishRefusal = _problems;
                _tab = 2;
                return;
            }

            _publishRefusal = null;
            if (_dirty || _stored is null)
            {
                if (await SaveDraftAsync() is null)
                {
                    return;
                }
            }
            else if (_stored.IsPublished)
            {
                Snackbar.Add($"Nothing to publish: version {_stored.Version} is published and nothing changed since.", Severity.Info);
                return;
            }

            var published = await Catalog.PublishAsync(WorkflowId, CancellationToken.None);
            _stored = published;
            _versions = await Catalog.ListVersionsAsync(WorkflowId, CancellationToken.None);
            Snackbar.Add($"Published version {published.Version}. New instances start on it; running ones stay on theirs.", Severity.Success);
        }
        catch (WorkflowValidationException ex)
        {
            _publishRefusal = DesignerProblems.Locate(ex.Errors, _document!);
            _tab = 2;
        }
        finally
        {
            _busy = false;
        }
    }

    // ---- Import and export ---------------------------------------------------------------------

    /// <summary>
    /// Replaces the canvas with a definition file (its id becomes this workflow's). Nothing is
    /// stored until the draft is saved.
    /// </summary>
    private async Task ImportAsync(IBrowserFile? file)
    {
        if (file is null || _canvas is null || _readOnly)
        {
            return;
        }

        string text;
        using (var reader = new StreamReader(file.OpenReadStream(MaxImportBytes)))
        {
            text = await reader.ReadToEndAsync();
        }

        var definition = WorkflowDefinitionReader.TryRead(text, out var errors);
        if (definition is null)
        {
            _importErrors = [.. errors.Select(e => $"{file.Name}: {e}")];
            return;
        }

        if (definition.Id != WorkflowId)
        {
            Snackbar.Add($"The file's workflow '{definition.Id}' was imported as '{WorkflowId}'.", Severity.Info);
            definition = definition with { Id = WorkflowId };
        }

        _importErrors = null;
        _document = DesignerDocument.FromDefinition(definition);
        _selection = [];
        _loadCount++;
        Validate();
        await DrawAsync();
        _dirty = true;
        Snackbar.Add($"Imported {file.Name}. Save the draft to keep it.", Severity.Success);
    }

    private async Task ExportAsync()
    {
        if (_canvas is null)
        {
            return;
        }

        var json = await _canvas.GetDefinitionJsonAsync();
        var definition = WorkflowDefinitionReader.TryRead(json, out _);
        await Downloads.DownloadTextAsync($"{WorkflowId}.json", "application/json", definition is null ? json : WorkflowDefinitionReader.Write(definition), CancellationToken.None);
    }

    // ---- Display helpers -----------------------------------------------------------------------

    private IReadOnlyList<DesignerProblem> ProblemsOf(string? activityId) => [.. _problems.Where(p => p.ActivityId == activityId)];

    private string ActivityLabel(string? id)
    {
        if (id is null || _document?.Activity(id) is not { } activity)
        {
            return id ?? string.Empty;
        }

        var name = DesignerDocument.Text(activity["name"]) ?? Types.Find(DesignerDocument.Text(activity["type"]))?.DisplayName ?? id;
        return name == id ? id : $"{name} ({id})";
    }

    private string ProblemLabel(DesignerProblem problem) =>
        problem.ActivityId is null ? problem.Message : $"{ActivityLabel(problem.ActivityId)}: {problem.Message}";

    private string DesignerHref(int? version) =>
        $"workflows/{Uri.EscapeDataString(WorkflowId)}/designer{(version is null ? string.Empty : $"?version={version}")}";

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    public async ValueTask DisposeAsync()
    {
        if (_canvas is not null)
        {
            await _canvas.DisposeAsync();
        }
        else if (_module is { IsCompletedSuccessfully: true })
        {
            try
            {
                await _module.Result.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The browser is gone, and the module with it.
            }
        }

        _listener?.Dispose();
    }
}
