using System.Text.Json.Nodes;
using Fulfillment.Workflows.Sdk;

namespace Fulfillment.Workflows.Tests.Infrastructure;

public enum ParcelCarrier
{
    Ground,
    Air,
    Sea,
}

/// <summary>A custom activity as a developer would write one: inputs, an output, two outcomes.</summary>
[Activity("Warehouse", "Pack parcel", Description = "Packs the order lines into a parcel.", Outcomes = ["Packed", "TooHeavy"])]
public sealed class PackParcelActivity : CodeActivity
{
    [Input(Required = true, Description = "The item to pack.")]
    public string Sku { get; set; } = string.Empty;

    [Input(Description = "Weight in kilograms.")]
    public double Weight { get; set; }

    [Input]
    public int Quantity { get; set; } = 1;

    [Input(Description = "Who carries it.")]
    public ParcelCarrier Carrier { get; set; } = ParcelCarrier.Ground;

    [Output(Description = "The parcel label.")]
    public string? Label { get; set; }

    protected override ValueTask<string> RunAsync(ActivityContext context)
    {
        if (Weight * Quantity > 30)
        {
            return ValueTask.FromResult("TooHeavy");
        }

        Label = $"{Carrier}:{Sku}x{Quantity}";
        return ValueTask.FromResult("Packed");
    }
}

/// <summary>Lets a test break <see cref="FlakyActivity"/> and then "fix the cause".</summary>
public sealed class FlakySwitch
{
    private int _runs;

    public bool Broken { get; set; } = true;

    public int Runs => Volatile.Read(ref _runs);

    public void CountRun() => Interlocked.Increment(ref _runs);
}

/// <summary>Throws while its <see cref="FlakySwitch"/> (taken by constructor injection) is broken.</summary>
[Activity("Test", "Flaky")]
public sealed class FlakyActivity(FlakySwitch flakySwitch) : CodeActivity
{
    protected override ValueTask<string> RunAsync(ActivityContext context)
    {
        flakySwitch.CountRun();
        if (flakySwitch.Broken)
        {
            throw new InvalidOperationException("The label printer is out of paper");
        }

        return ValueTask.FromResult(ActivityOutcomes.Done);
    }
}

/// <summary>Sends one outbox message per execution, keyed by instance and activity.</summary>
[Activity("Test", "Notify")]
public sealed class NotifyActivity : CodeActivity
{
    [Input]
    public string Text { get; set; } = string.Empty;

    protected override ValueTask<string> RunAsync(ActivityContext context)
    {
        context.SendMessage("email", new JsonObject { ["text"] = Text }, $"{context.InstanceId}/{context.ActivityId}");
        return ValueTask.FromResult(ActivityOutcomes.Done);
    }
}
