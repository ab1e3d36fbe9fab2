using System.Text.RegularExpressions;
using Fulfillment.Studio.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Fulfillment.Studio.Tests.Designer;

/// <summary>The designer page as a user works it: palette, canvas (mouse and keyboard) and side panel.</summary>
public sealed class DesignerDriver(StudioPage studioPage)
{
    public IPage Page => studioPage.Page;

    public ILocator Canvas => Page.GetByTestId("canvas");

    /// <summary>The activities drawn on the canvas (the minimap has copies; they are not counted).</summary>
    public ILocator Activities => Canvas.Locator("[data-shape='fulfillment-activity']");

    public ILocator Connections => Canvas.Locator("[data-shape='edge']");

    public ILocator PropertyPanel => Page.GetByTestId("property-panel");

    public ILocator Activity(string id) => Canvas.Locator($"[data-shape='fulfillment-activity'][data-cell-id='{id}']");

    /// <summary>Opens the designer (optionally a version) with room for the canvas, and waits until the diagram is drawn.</summary>
    public async Task OpenAsync(string workflowId, int? version = null)
    {
        await Page.SetViewportSizeAsync(1680, 1050);
        await Page.GotoAsync($"workflows/{workflowId}/designer{(version is null ? string.Empty : $"?version={version}")}");
        await studioPage.WaitUntilInteractiveAsync();
        await Canvas.And(Page.Locator("[data-rendered]")).WaitForAsync();
    }

    /// <summary>Drags a palette item onto the canvas so that the new activity is centred at <paramref name="x"/>, <paramref name="y"/> (canvas pixels).</summary>
    public async Task DropAsync(string type, double x, double y, string expectedId)
    {
        await Page.Locator($"[data-activity-type='{type}']").DragToAsync(Canvas, new() { TargetPosition = new() { X = (float)x, Y = (float)y } });
        await Assertions.Expect(PropertyPanel).ToHaveAttributeAsync("data-activity-id", expectedId);
    }

    /// <summary>The centre of an activity in canvas pixels.</summary>
    public async Task<(double X, double Y)> CentreOfAsync(string id)
    {
        var canvas = await BoxAsync(Canvas);
        var node = await BoxAsync(Activity(id).Locator("rect").First);
        return (node.X - canvas.X + node.Width / 2, node.Y - canvas.Y + node.Height / 2);
    }

    /// <summary>Draws a connection with the mouse, from an outcome's port to the target's input port.</summary>
    public async Task ConnectAsync(string from, string outcome, string to)
    {
        var source = await BoxAsync(Activity(from).Locator($"circle[port='out:{outcome}']"));
        var target = await BoxAsync(Activity(to).Locator("circle[port='in']"));
        await Page.Mouse.MoveAsync(source.X + source.Width / 2, source.Y + source.Height / 2);
        await Page.Mouse.DownAsync();
        await Page.Mouse.MoveAsync(source.X + 40, source.Y + 20, new() { Steps = 4 });
        await Page.Mouse.MoveAsync(target.X + target.Width / 2, target.Y + target.Height / 2, new() { Steps = 8 });
        await Page.Mouse.UpAsync();
    }

    /// <summary>Clicks an activity and waits for its properties.</summary>
    public async Task SelectAsync(string id)
    {
        await Activity(id).Locator("rect").First.ClickAsync();
        await Assertions.Expect(PropertyPanel).ToHaveAttributeAsync("data-activity-id", id);
    }

    /// <summary>Types a literal into an input's editor and leaves the field, which applies it.</summary>
    public async Task SetTextInputAsync(string activityId, string input, string text)
    {
        var field = PropertyPanel.Locator($"#input-{activityId}-{input}");
        await field.FillAsync(text);
        await field.PressAsync("Tab");
    }

    /// <summary>Switches an input to an expression and types it.</summary>
    public async Task SetExpressionAsync(string activityId, string input, string code)
    {
        var editor = PropertyPanel.Locator($"[data-input='{input}']");
        if (await editor.Locator("button[aria-pressed='true']").CountAsync() == 0)
        {
            await editor.GetByRole(AriaRole.Button, new() { NameRegex = new("^Use an expression for") }).ClickAsync();
            await editor.Locator("button[aria-pressed='true']").WaitForAsync();
        }

        var field = editor.Locator($".input-expression #input-{activityId}-{input}");
        await field.FillAsync(code);
        await field.PressAsync("Tab");
    }

    /// <summary>
    /// Turns the connections of the selected activity's outcome to each of <paramref name="activityIds"/>
    /// on or off with the property panel's "After &lt;outcome&gt;" list (the keyboard way to connect).
    /// </summary>
    public async Task ToggleNextStepsAsync(string outcome, params string[] activityIds)
    {
        await PropertyPanel.GetByLabel($"After {outcome}", new() { Exact = true }).ClickAsync();
        foreach (var id in activityIds)
        {
            await Page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new($@"\({Regex.Escape(id)}\)\s*$") }).ClickAsync();
        }

        await CloseListAsync();
    }

    /// <summary>Picks options of an input shown as a list (a role, the submitted tasks), by the start of their text.</summary>
    public async Task ChooseInputOptionsAsync(string input, params string[] options)
    {
        await PropertyPanel.Locator($"[data-input='{input}'] div.mud-select").First.ClickAsync();
        foreach (var option in options)
        {
            await Page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new($"^\\s*{Regex.Escape(option)}") }).ClickAsync();
        }

        await CloseListAsync();
    }

    /// <summary>
    /// Closes the list by clicking beside it, as a person does: a list of several choices stays open
    /// after each. Forced, because the click is meant for whatever covers the page while a list is open.
    /// </summary>
    private async Task CloseListAsync()
    {
        await PropertyPanel.Locator(".property-title").ClickAsync(new() { Force = true });
        await Assertions.Expect(Page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }

    public Task ScreenshotAsync(string name) => studioPage.ScreenshotAsync(name);

    private static async Task<LocatorBoundingBoxResult> BoxAsync(ILocator locator) =>
        await locator.BoundingBoxAsync() ?? throw new InvalidOperationException($"{locator} is not visible.");
}
