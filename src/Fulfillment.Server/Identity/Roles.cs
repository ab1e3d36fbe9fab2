using System.Text;

namespace Fulfillment.Server.Identity;

/// <summary>
/// The role names used in workflows (assignee and approver roles), authorization policies and the
/// demo users. These strings are stored in the database and in workflow definitions: never rename one.
/// </summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string ProcessOwner = "Process Owner";
    public const string WarehouseManager = "Warehouse Manager";
    public const string WarehouseStaff = "Warehouse Staff";
    public const string CustomerService = "Customer Service";
    public const string CustomerServiceManager = "Customer Service Manager";
    public const string SeniorSalesManager = "Senior Sales Manager";
    public const string OrderVerification = "Order Verification";
    public const string ShipmentDetails = "Shipment Details";
    public const string TrackingConfirmation = "Tracking Confirmation";

    /// <summary>Every role, in a stable order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Admin,
        ProcessOwner,
        WarehouseManager,
        WarehouseStaff,
        CustomerService,
        CustomerServiceManager,
        SeniorSalesManager,
        OrderVerification,
        ShipmentDetails,
        TrackingConfirmation,
    ];

    /// <summary>
    /// The URL- and e-mail-safe form of a role name: "Customer Service Manager" → "customer-service-manager".
    /// Letters and digits are kept in lower case; every other run of characters becomes one hyphen.
    /// </summary>
    public static string ToSlug(string role)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(role);

        var slug = new StringBuilder(role.Length);
        foreach (var character in role.Trim())
        {
            if (char.IsAsciiLetterOrDigit(character))
            {
                slug.Append(char.ToLowerInvariant(character));
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        return slug.ToString().TrimEnd('-');
    }
}
