namespace Fulfillment.HumanTasks.Notifications;

/// <summary>Who holds a role; the server answers from ASP.NET Identity.</summary>
public interface IUserDirectory
{
    Task<IReadOnlyList<string>> GetEmailsInRoleAsync(string role, CancellationToken cancellationToken);

    Task<bool> IsInRoleAsync(string email, string role, CancellationToken cancellationToken);
}

/// <summary>Links for task e-mails; the server signs one-click approve/reject links for each recipient.</summary>
public interface ITaskLinkIssuer
{
    TaskLinks Issue(string taskId, HumanTaskKind kind, string recipient);
}

/// <param name="Open">The task in the Studio inbox.</param>
/// <param name="Approve">One-click approval (approvals only).</param>
/// <param name="Reject">Opens the reject page with a comment box (approvals only).</param>
public sealed record TaskLinks(string Open, string? Approve, string? Reject);
