using System.Globalization;
using System.Text.Json;
using Fulfillment.Operations.Model;
using Fulfillment.Operations.Orders;
using Fulfillment.Workflows.Definitions;

namespace Fulfillment.Server.Studio.Pages.Orders;

/// <summary>
/// What the Studio's "New order" form holds, turned into the same <see cref="PlaceOrderRequest"/> a shop
/// sends to <c>POST /api/orders</c>. Whether it is acceptable is the validator's call, not the form's:
/// the problems it names by JSON path come back here and are shown under the field of that path.
/// </summary>
public sealed class NewOrderForm
{
    /// <summary>The special instructions offered as checkboxes; a customized message has its own text box.</summary>
    public static readonly IReadOnlyList<SpecialInstructionKind> Instructions = [SpecialInstructionKind.SpecialPackaging, SpecialInstructionKind.GiftWrapping];

    private Dictionary<string, string> _problems = new(StringComparer.Ordinal);

    public string? OrderNumber { get; set; } = $"ST-{Guid.NewGuid():N}"[..9].ToUpperInvariant();

    public string? CustomerName { get; set; }

    public string? CustomerEmail { get; set; }

    public string? Line1 { get; set; }

    public string? City { get; set; }

    public string? PostalCode { get; set; }

    public string? Region { get; set; }

    public string? Country { get; set; } = "US";

    public List<NewOrderLine> Lines { get; } = [new()];

    public ShippingMethod ShippingMethod { get; set; } = ShippingMethod.Standard;

    /// <summary>Paid by default, as a shop that captures payment at checkout sends it; Pending makes the workflow wait for the payment.</summary>
    public PaymentStatus PaymentStatus { get; set; } = PaymentStatus.Paid;

    public HashSet<SpecialInstructionKind> ChosenInstructions { get; } = [];

    public string? CustomizedMessage { get; set; }

    /// <summary>The validator's message for a JSON path (<c>customer.email</c>, <c>lines[0].quantity</c>), if any.</summary>
    public string? ProblemAt(string path) => _problems.GetValueOrDefault(path);

    /// <summary>The problems no field of the form shows (say, about the discount or the order as a whole).</summary>
    public IEnumerable<string> OtherProblems => _problems.Where(p => !FieldPaths().Contains(p.Key)).Select(p => p.Value);

    public void ShowProblems(IEnumerable<ValidationError> errors) =>
        _problems = errors.GroupBy(e => e.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Message, StringComparer.Ordinal);

    public void ClearProblems() => _problems = new(StringComparer.Ordinal);

    public static string LinePath(int index, string field) => string.Create(CultureInfo.InvariantCulture, $"lines[{index}].{field}");

    public void SetInstruction(SpecialInstructionKind kind, bool chosen)
    {
        if (chosen)
        {
            ChosenInstructions.Add(kind);
        }
        else
        {
            ChosenInstructions.Remove(kind);
        }
    }

    public PlaceOrderRequest ToRequest()
    {
        List<JsonElement> instructions = [.. Instructions.Where(ChosenInstructions.Contains).Select(kind => JsonSerializer.SerializeToElement(kind.ToString()))];
        if (!string.IsNullOrWhiteSpace(CustomizedMessage))
        {
            instructions.Add(JsonSerializer.SerializeToElement(new { type = nameof(SpecialInstructionKind.CustomizedMessage), text = CustomizedMessage.Trim() }));
        }

        return new PlaceOrderRequest(
            OrderNumber,
            new CustomerRequest(CustomerName, CustomerEmail),
            new AddressRequest(Line1, City, Country, PostalCode, Region: Region),
            [.. Lines.Select(l => new OrderLineRequest(l.Sku, l.Quantity))],
            ShippingMethod.ToString(),
            instructions,
            PaymentStatus.ToString());
    }

    // The paths the form has a place for; "lines" itself (no line at all) is shown above the lines.
    private HashSet<string> FieldPaths() =>
    [
        "orderNumber", "customer.name", "customer.email", "shippingAddress.line1", "shippingAddress.city", "shippingAddress.country",
        "lines", "shippingMethod", "paymentStatus",
        .. Lines.SelectMany((_, i) => new[] { LinePath(i, "sku"), LinePath(i, "quantity") }),
    ];
}

/// <summary>One line of the form: a product of the catalog and how many.</summary>
public sealed class NewOrderLine
{
    public string? Sku { get; set; }

    public int? Quantity { get; set; } = 1;
}
