using System.Security.Cryptography;
using System.Text.Json;
using Fulfillment.HumanTasks;
using Fulfillment.HumanTasks.Notifications;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Fulfillment.Server.Tasks;

public sealed class TaskLinkOptions
{
    /// <summary>The server's public address, for links in e-mails (<c>Fulfillment__PublicBaseUrl</c>).</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>How long a one-click link in an e-mail works.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromDays(7);
}

/// <summary>What a one-click link carries, signed and time-limited by ASP.NET Data Protection.</summary>
internal sealed record TaskLinkClaim(string TaskId, string Recipient, string Outcome, string Nonce);

/// <summary>
/// Signs one-click approve/reject links for one recipient each. The token is protected (so it
/// cannot be forged or altered) and expires; it is single-use because completing closes the task
/// and the token's nonce is the completion's idempotency key.
/// </summary>
internal sealed class TaskLinkIssuer(IDataProtectionProvider protection, IOptions<TaskLinkOptions> options, TimeProvider clock) : ITaskLinkIssuer
{
    public const string Purpose = "Fulfillment.TaskLinks.v1";

    public TaskLinks Issue(string taskId, HumanTaskKind kind, string recipient)
    {
        var baseUrl = options.Value.PublicBaseUrl.TrimEnd('/');
        var open = $"{baseUrl}/inbox/{taskId}";
        if (kind != HumanTaskKind.Approval)
        {
            return new TaskLinks(open, null, null);
        }

        return new TaskLinks(open,
            $"{baseUrl}/tasks/act?token={Uri.EscapeDataString(Protect(new TaskLinkClaim(taskId, recipient, ApprovalOutcomes.Approved, Nonce())))}",
            $"{baseUrl}/tasks/act?token={Uri.EscapeDataString(Protect(new TaskLinkClaim(taskId, recipient, ApprovalOutcomes.Rejected, Nonce())))}");
    }

    /// <summary>Reads a token; null when it was altered, is not ours, or has expired.</summary>
    public TaskLinkClaim? Read(string token)
    {
        try
        {
            var json = Protector().Unprotect(token, out var expiration);
            return expiration < clock.GetUtcNow() ? null : JsonSerializer.Deserialize<TaskLinkClaim>(json);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private string Protect(TaskLinkClaim claim) =>
        Protector().Protect(JsonSerializer.Serialize(claim), clock.GetUtcNow() + options.Value.LinkLifetime);

    private ITimeLimitedDataProtector Protector() => protection.CreateProtector(Purpose).ToTimeLimitedDataProtector();

    private static string Nonce() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}
