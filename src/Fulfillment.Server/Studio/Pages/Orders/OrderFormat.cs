using System.Globalization;
using System.Text;
using Fulfillment.Operations.Model;
using Fulfillment.Operations.Orders;
using MudBlazor;

namespace Fulfillment.Server.Studio.Pages.Orders;

/// <summary>How the order screens write orders' values for people.</summary>
public static class OrderFormat
{
    /// <summary>An enum name as words: <c>ReadyForShipment</c> → "Ready for shipment".</summary>
    public static string Words(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var words = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var character = name[i];
            if (i > 0 && char.IsUpper(character))
            {
                words.Append(' ').Append(char.ToLowerInvariant(character));
            }
            else
            {
                words.Append(character);
            }
        }

        return words.ToString();
    }

    /// <summary>An amount with its ISO currency code, e.g. "86.39 USD" (the same for every viewer).</summary>
    public static string Money(decimal amount, string currency) =>
        $"{amount.ToString("#,##0.00", CultureInfo.InvariantCulture)} {currency}";

    /// <summary>A postal address on one line.</summary>
    public static string Address(Address address)
    {
        ArgumentNullException.ThrowIfNull(address);
        string?[] parts = [address.Recipient, address.Line1, address.Line2, Join(" ", address.PostalCode, address.City), address.Region, address.Country];
        return Join(", ", parts);
    }

    /// <summary>Where a line's units are held, e.g. "CHI A-01 × 2 (reserved)".</summary>
    public static string Allocation(LineAllocationView allocation)
    {
        ArgumentNullException.ThrowIfNull(allocation);
        return $"{allocation.Warehouse} {allocation.Location} × {allocation.Quantity} ({Words(allocation.Status.ToString()).ToLowerInvariant()})";
    }

    public static string Instruction(SpecialInstruction instruction)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        var kind = Words(instruction.Kind.ToString());
        return string.IsNullOrWhiteSpace(instruction.Text) ? kind : $"{kind}: {instruction.Text}";
    }

    /// <summary>A file size in bytes, KB or MB.</summary>
    public static string Size(int bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{(bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture)} KB",
        _ => $"{(bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture)} MB",
    };

    public static Color StatusColour(OrderStatus status) => status switch
    {
        OrderStatus.Completed or OrderStatus.Delivered => Color.Success,
        OrderStatus.Cancelled or OrderStatus.Returned => Color.Error,
        OrderStatus.Pending => Color.Warning,
        OrderStatus.Shipped or OrderStatus.InTransit => Color.Info,
        _ => Color.Primary,
    };

    public static string StatusIcon(OrderStatus status) => status switch
    {
        OrderStatus.Completed or OrderStatus.Delivered => Icons.Material.Filled.CheckCircle,
        OrderStatus.Cancelled => Icons.Material.Filled.Cancel,
        OrderStatus.Returned => Icons.Material.Filled.AssignmentReturn,
        OrderStatus.Pending => Icons.Material.Filled.HourglassTop,
        OrderStatus.Shipped or OrderStatus.InTransit => Icons.Material.Filled.LocalShipping,
        _ => Icons.Material.Filled.Inventory2,
    };

    private static string Join(string separator, params string?[] parts) =>
        string.Join(separator, parts.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim()));
}
