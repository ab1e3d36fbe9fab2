using System.Text;
using Microsoft.JSInterop;

namespace Fulfillment.Server.Studio.Services;

/// <summary>Sends a file from the circuit to the browser as a download (through <c>studio/studio.js</c>).</summary>
internal sealed class FileDownloads(IJSRuntime js) : IAsyncDisposable
{
    private IJSObjectReference? _module;

    public async Task DownloadTextAsync(string fileName, string contentType, string text, CancellationToken cancellationToken)
    {
        _module ??= await js.InvokeAsync<IJSObjectReference>("import", cancellationToken, "./studio/studio.js");
        using var content = new MemoryStream(Encoding.UTF8.GetBytes(text));
        using var reference = new DotNetStreamReference(content, leaveOpen: true);
        await _module.InvokeVoidAsync("downloadFile", cancellationToken, fileName, contentType, reference);
    }

    public async ValueTask DisposeAsync()
    {
        if (_module is not null)
        {
            try
            {
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone, and the module with it.
            }
        }
    }
}
