namespace Fulfillment.Server.Identity;

/// <summary>Names of the server's own authentication schemes (Identity's live in IdentityConstants).</summary>
public static class AuthenticationSchemes
{
    /// <summary>
    /// The default scheme: forwards to Identity's bearer tokens when the request carries
    /// <c>Authorization: Bearer …</c> (API clients), otherwise to Identity's application cookie (Studio).
    /// </summary>
    public const string BearerOrCookie = "BearerOrCookie";
}
