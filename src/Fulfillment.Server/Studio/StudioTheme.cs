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

            // Status colours dark enough for small text on white and on tinted chips (WCAG AA, 4.5:1);
            // MudBlazor's defaults are brighter and fail axe's contrast rule.
            Success = "#2e7d32",
            Warning = "#9a5b00",
            Error = "#c62828",
            Info = "#01579b",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#7fb2f0",
            Secondary = "#4db6ac",
        },
    };
}
