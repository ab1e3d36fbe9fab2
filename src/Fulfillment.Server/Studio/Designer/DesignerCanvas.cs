using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Fulfillment.Server.Studio.Designer;

/// <summary>
/// The .NET side of the canvas module (<c>wwwroot/lib/designer/designer.js</c>): one typed method per
/// function of its API. The module calls back through <see cref="ICanvasListener"/>.
/// </summary>
public sealed class DesignerCanvas : IAsyncDisposable
{
    /// <summary>Where the build puts the bundle (see the BundleDesigner target in the project file).</summary>
    public const string BundlePath = "lib/designer/designer.js";

    private readonly IJSObjectReference _module;
    private readonly IJSObjectReference _designer;

    private DesignerCanvas(IJSObjectReference module, IJSObjectReference designer)
    {
        _module = module;
        _designer = designer;
    }

    /// <summary>Starts loading the module; it can run while the page is still fetching its data.</summary>
    public static ValueTask<IJSObjectReference> ImportAsync(IJSRuntime js)
    {
        ArgumentNullException.ThrowIfNull(js);
        return js.InvokeAsync<IJSObjectReference>("import", "./" + BundlePath);
    }

    /// <summary>Creates the canvas in <paramref name="canvas"/>; <paramref name="module"/> comes from <see cref="ImportAsync"/>.</summary>
    public static async Task<DesignerCanvas> CreateAsync<TListener>(
        IJSObjectReference module, ElementReference canvas, ElementReference minimap, ElementReference palette, DotNetObjectReference<TListener> listener)
        where TListener : class, ICanvasListener
    {
        ArgumentNullException.ThrowIfNull(module);
        var designer = await module.InvokeAsync<IJSObjectReference>("create", canvas, listener, new { minimap, palette });
        return new DesignerCanvas(module, designer);
    }

    /// <param name="outcomes">The outcomes of activities whose outcomes depend on their inputs, by id.</param>
    public ValueTask LoadAsync(JsonObject definition, IReadOnlyList<CanvasActivityType> types, bool readOnly, IReadOnlyDictionary<string, IReadOnlyList<string>> outcomes) =>
        _designer.InvokeVoidAsync("load", definition, types, readOnly, outcomes);

    /// <summary>The definition as drawn, as JSON text.</summary>
    public async ValueTask<string> GetDefinitionJsonAsync() =>
        (await _designer.InvokeAsync<JsonObject>("getDefinition")).ToJsonString();

    public ValueTask<string?> AddActivityAsync(string type) => _designer.InvokeAsync<string?>("addActivity", type);

    public ValueTask UpdateActivityAsync(JsonObject activity, IReadOnlyList<string>? outcomes) =>
        _designer.InvokeVoidAsync("updateActivity", activity, outcomes);

    public ValueTask UpdateSettingsAsync(JsonObject settings) => _designer.InvokeVoidAsync("updateSettings", settings);

    public ValueTask SetConnectionsAsync(string from, string outcome, IEnumerable<string> targets) =>
        _designer.InvokeVoidAsync("setConnections", from, outcome, targets);

    public ValueTask RemoveActivityAsync(string id) => _designer.InvokeVoidAsync("removeActivity", id);

    public ValueTask RemoveSelectionAsync() => _designer.InvokeVoidAsync("removeSelection");

    public ValueTask SelectAsync(string id) => _designer.InvokeVoidAsync("select", id);

    /// <param name="problems">Messages by activity id; activities not named are valid.</param>
    public ValueTask SetValidationAsync(IReadOnlyDictionary<string, string[]> problems) =>
        _designer.InvokeVoidAsync("setValidation", problems);

    public ValueTask LayoutAsync() => _designer.InvokeVoidAsync("layout");

    public ValueTask ZoomToFitAsync() => _designer.InvokeVoidAsync("zoomToFit");

    public ValueTask ZoomAsync(double delta) => _designer.InvokeVoidAsync("zoom", delta);

    public ValueTask UndoAsync() => _designer.InvokeVoidAsync("undo");

    public ValueTask RedoAsync() => _designer.InvokeVoidAsync("redo");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _designer.InvokeVoidAsync("dispose");
            await _designer.DisposeAsync();
            await _module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The browser is gone; so is the canvas.
        }
    }
}

/// <summary>What the canvas module reports back (each method is [JSInvokable] on the implementation).</summary>
public interface ICanvasListener
{
    /// <summary>The definition changed on the canvas (debounced): the whole document as JSON.</summary>
    Task OnCanvasChanged(string definitionJson, bool canUndo, bool canRedo);

    /// <summary>The selected activities changed.</summary>
    Task OnSelectionChanged(string[] activityIds);

    Task OnHistoryChanged(bool canUndo, bool canRedo);
}
