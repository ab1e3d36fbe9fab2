namespace Fulfillment.Server.Hosting;

/// <summary>
/// A request value the endpoint cannot use, found where returning a result is not possible (e.g. while
/// converting a body value). Becomes a 400 naming <see cref="Path"/>, shaped like every other 400 of the API.
/// </summary>
public sealed class InvalidRequestException(string path, string message) : Exception(message)
{
    public const string Title = "The request is invalid.";

    /// <summary>The field or JSON path the problem is about.</summary>
    public string Path { get; } = path;
}
