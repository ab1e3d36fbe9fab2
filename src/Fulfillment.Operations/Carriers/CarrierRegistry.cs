using System.Diagnostics.CodeAnalysis;

namespace Fulfillment.Operations.Carriers;

/// <summary>The carriers this installation can use, found by their <see cref="ICarrier.Code"/> (case-insensitive).</summary>
public interface ICarrierRegistry
{
    IReadOnlyList<ICarrier> Carriers { get; }

    /// <exception cref="KeyNotFoundException">No carrier has that code.</exception>
    ICarrier Get(string code);

    bool TryGet(string code, [NotNullWhen(true)] out ICarrier? carrier);
}

internal sealed class CarrierRegistry : ICarrierRegistry
{
    private readonly Dictionary<string, ICarrier> _byCode = new(StringComparer.OrdinalIgnoreCase);

    public CarrierRegistry(IEnumerable<ICarrier> carriers)
    {
        foreach (var carrier in carriers)
        {
            if (!_byCode.TryAdd(carrier.Code, carrier))
            {
                throw new InvalidOperationException(
                    $"Two carriers claim the code '{carrier.Code}': {_byCode[carrier.Code].GetType().Name} and {carrier.GetType().Name}.");
            }
        }

        Carriers = [.. _byCode.Values];
    }

    public IReadOnlyList<ICarrier> Carriers { get; }

    public ICarrier Get(string code) => TryGet(code, out var carrier)
        ? carrier
        : throw new KeyNotFoundException($"No carrier has the code '{code}'. Registered: {string.Join(", ", _byCode.Keys)}.");

    public bool TryGet(string code, [NotNullWhen(true)] out ICarrier? carrier) => _byCode.TryGetValue(code, out carrier);
}
