using System.Globalization;
using System.Security.Cryptography;
using Fulfillment.Operations.Customers;
using Microsoft.AspNetCore.DataProtection;

namespace Fulfillment.Server.Flows;

/// <summary>
/// CSAT link tokens: the order id, protected with ASP.NET Data Protection (keys in <c>&lt;data&gt;/keys</c>)
/// and valid for 90 days of the engine's clock, so a link cannot be altered to rate someone else's order.
/// </summary>
internal sealed class FeedbackTokens(IDataProtectionProvider protection, TimeProvider clock) : IFeedbackTokens
{
    public const string Purpose = "Fulfillment.Feedback.v1";

    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(90);

    public string Create(int orderId) =>
        Protector().Protect(orderId.ToString(CultureInfo.InvariantCulture), clock.GetUtcNow() + Lifetime);

    public bool TryRead(string token, out int orderId)
    {
        orderId = 0;
        try
        {
            var text = Protector().Unprotect(token, out var expiration);
            return expiration >= clock.GetUtcNow() && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out orderId);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private ITimeLimitedDataProtector Protector() => protection.CreateProtector(Purpose).ToTimeLimitedDataProtector();
}
