namespace Fulfillment.Operations.Customers;

/// <summary>Where customers' links in e-mails point: the server's public address (<c>Fulfillment:PublicBaseUrl</c>).</summary>
public sealed class CustomerLinkOptions
{
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";
}

/// <summary>
/// Feedback tokens: the credential in a CSAT link (<c>/feedback/{token}</c>), naming the order without
/// a sign-in. The server protects them with ASP.NET Data Protection, so they cannot be forged or altered.
/// </summary>
public interface IFeedbackTokens
{
    string Create(int orderId);

    /// <returns>False for a token that was altered, has expired, or was never issued.</returns>
    bool TryRead(string token, out int orderId);
}

/// <summary>One CSAT choice in the feedback e-mail.</summary>
public sealed record FeedbackChoice(int Score, string Label, string Url);

/// <summary>The links of a feedback request: the page, and one link per score that opens it with that score chosen.</summary>
public sealed record FeedbackLinks(string Url, IReadOnlyList<FeedbackChoice> Choices)
{
    /// <summary>What the scores mean, 1 to 5.</summary>
    public static IReadOnlyList<string> Labels { get; } = ["Very unhappy", "Unhappy", "Okay", "Happy", "Very happy"];

    public static FeedbackLinks For(string publicBaseUrl, string token)
    {
        var url = $"{publicBaseUrl.TrimEnd('/')}/feedback/{Uri.EscapeDataString(token)}";
        return new FeedbackLinks(url, [.. Labels.Select((label, i) => new FeedbackChoice(i + 1, label, $"{url}?score={i + 1}"))]);
    }
}
