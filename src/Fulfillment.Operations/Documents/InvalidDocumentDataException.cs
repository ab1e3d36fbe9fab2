namespace Fulfillment.Operations.Documents;

/// <summary>
/// Input a document cannot be made from. <see cref="Path"/> is the JSON path of the offending value
/// (<c>lines[1].quantity</c>), so an endpoint can answer with a problem detail naming it.
/// </summary>
public sealed class InvalidDocumentDataException(string path, string message) : ArgumentException($"{path}: {message}")
{
    public string Path { get; } = path;
}
