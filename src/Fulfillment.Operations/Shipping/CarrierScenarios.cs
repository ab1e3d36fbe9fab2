using System.Text.RegularExpressions;
using Fulfillment.Operations.Carriers.Simulated;
using Fulfillment.Operations.Model;
using Fulfillment.Operations.Storage;
using Microsoft.EntityFrameworkCore;

namespace Fulfillment.Operations.Shipping;

/// <summary>
/// How the simulated carrier treats an order's parcels (Normal, Delayed, Damaged, Lost), for tests and
/// demos. The choice is kept with the order as a special instruction "Carrier scenario: Lost", so it
/// can come with the order itself (<c>specialInstructions: ["Carrier scenario: Lost"]</c>) or be set
/// later by <c>POST /api/simulation/carrier-scenarios</c>; it applies to the parcels booked after it.
/// Customer-facing paperwork and e-mails leave it out.
/// </summary>
public sealed partial class CarrierScenarios(IDbContextFactory<OperationsDbContext> contexts)
{
    private const string Prefix = "Carrier scenario:";

    /// <summary>The simulated carrier's scenarios.</summary>
    public static IReadOnlyList<string> Names { get; } = Enum.GetNames<SimulatedScenario>();

    /// <summary>The scenario as the carrier spells it (case-insensitive match), or null when there is no such scenario.</summary>
    public static string? Normalize(string? scenario) =>
        Names.FirstOrDefault(n => string.Equals(n, scenario?.Trim(), StringComparison.OrdinalIgnoreCase));

    public static bool IsScenarioInstruction(SpecialInstruction instruction)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        return instruction.Kind == SpecialInstructionKind.Other && instruction.Text is { } text && ScenarioText().IsMatch(text);
    }

    /// <summary>The scenario named in the order's instructions (the last one wins), or null for the carrier's default.</summary>
    public static string? For(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return order.SpecialInstructions.Where(IsScenarioInstruction)
            .Select(i => ScenarioText().Match(i.Text!).Groups["name"].Value)
            .LastOrDefault();
    }

    /// <summary>Replaces the order's scenario. False when there is no such order.</summary>
    public async Task<bool> SetAsync(string orderNumber, string scenario, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderNumber);
        ArgumentException.ThrowIfNullOrWhiteSpace(scenario);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var order = await db.Orders.FirstOrDefaultAsync(o => o.OrderNumber == orderNumber.Trim(), cancellationToken);
        if (order is null)
        {
            return false;
        }

        order.SpecialInstructions = [.. order.SpecialInstructions.Where(i => !IsScenarioInstruction(i)), new SpecialInstruction(SpecialInstructionKind.Other, $"{Prefix} {scenario}")];
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    [GeneratedRegex(@"^\s*carrier\s+scenario\s*:\s*(?<name>[A-Za-z]+)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex ScenarioText();
}
