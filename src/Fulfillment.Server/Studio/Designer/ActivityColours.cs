namespace Fulfillment.Server.Studio.Designer;

/// <summary>
/// The colour of an activity category, shared by the palette and the canvas (which receives it with
/// each type): the built-in categories have fixed colours, any other gets a stable one from its name.
/// </summary>
public static class ActivityColours
{
    private static readonly Dictionary<string, string> Known = new(StringComparer.Ordinal)
    {
        ["Flow"] = "#3f51b5",
        ["Data"] = "#00897b",
        ["Events"] = "#ef6c00",
        ["Timers"] = "#6d4c41",
        ["Messaging"] = "#0288d1",
        ["Human tasks"] = "#8e24aa",
    };

    public static string Of(string? category)
    {
        if (string.IsNullOrEmpty(category))
        {
            return "#757575";
        }

        if (Known.TryGetValue(category, out var colour))
        {
            return colour;
        }

        var hue = 0;
        foreach (var c in category)
        {
            hue = (hue * 31 + c) % 360;
        }

        return $"hsl({hue}, 45%, 42%)";
    }
}
