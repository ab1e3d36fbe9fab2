using MudBlazor;

namespace Fulfillment.Server.Studio;

/// <summary>The Studio's colours, light and dark.</summary>
internal static class StudioTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f5fa8",
            Secondary = "#00897b",
            AppbarBackground = "#1f5fa8",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#7fb2f0",
            Secondary = "#4db6ac",
        },
    };
}
