// Browser-side helpers of the Studio, loaded as a module through JS interop.

// Saves content sent from the server (a DotNetStreamReference) as a file download.
export async function downloadFile(fileName, contentType, content) {
    const blob = new Blob([await content.arrayBuffer()], { type: contentType });
    const url = URL.createObjectURL(blob);
    const anchor = document.createElement('a');
    anchor.href = url;
    anchor.download = fileName;
    document.body.appendChild(anchor);
    anchor.click();
    anchor.remove();
    // Revoked on the next turn: the click has started the download by then.
    setTimeout(() => URL.revokeObjectURL(url));
}
