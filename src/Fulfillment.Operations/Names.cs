namespace Fulfillment.Operations;

/// <summary>
/// Reads enum names the way people write them: case, spaces, hyphens and underscores do not matter,
/// so "same-day", "Same day" and "SameDay" are all <c>ShippingMethod.SameDay</c>.
/// </summary>
internal static class Names
{
    public static bool TryParse<TEnum>(string text, IReadOnlyDictionary<string, TEnum>? aliases, out TEnum value)
        where TEnum : struct, Enum
    {
        var key = Normalize(text);
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (Normalize(candidate.ToString()) == key)
            {
                value = candidate;
                return true;
            }
        }

        if (aliases is not null && aliases.TryGetValue(key, out value))
        {
            return true;
        }

        value = default;
        return false;
    }

    private static string Normalize(string text) =>
        string.Concat(text.Where(char.IsLetterOrDigit)).ToLowerInvariant();
}
