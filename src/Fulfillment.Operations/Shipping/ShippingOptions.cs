namespace Fulfillment.Operations.Shipping;

/// <summary>Carrier settings of the fulfillment steps, bound from <c>Fulfillment:Operations:Shipping</c>.</summary>
public sealed class ShippingOptions
{
    public const string SectionName = "Fulfillment:Operations:Shipping";

    /// <summary>The carrier (its code) parcels are booked with unless a step names another.</summary>
    public string DefaultCarrier { get; set; } = "simulated";

    /// <summary>
    /// How often open shipments of carriers that do not post webhooks are asked for news (the Hangfire
    /// poll; under the simulated clock, the step by which <c>POST /api/simulation/advance</c> walks time).
    /// Whole minutes dividing an hour, or whole hours dividing a day.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// The webhook secret per carrier code: carriers with one post their tracking to
    /// <c>POST /api/carriers/{code}/webhook</c> (HMAC-signed with it) and are not polled.
    /// </summary>
    public Dictionary<string, string> WebhookSecrets { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="carrierCode"/> pushes its news (so is not polled).</summary>
    public bool PostsWebhooks(string carrierCode) => WebhookSecrets.TryGetValue(carrierCode, out var secret) && !string.IsNullOrWhiteSpace(secret);

    /// <summary>The poll as a Hangfire cron expression.</summary>
    /// <exception cref="InvalidOperationException">The interval is not whole minutes dividing an hour or whole hours dividing a day.</exception>
    public string PollCron()
    {
        var interval = PollInterval;
        if (interval.Ticks % TimeSpan.TicksPerMinute == 0 && interval.TotalMinutes is >= 1 and < 60 && 60 % (int)interval.TotalMinutes == 0)
        {
            return $"*/{(int)interval.TotalMinutes} * * * *";
        }

        if (interval.Ticks % TimeSpan.TicksPerHour == 0 && interval.TotalHours is >= 1 and <= 24 && 24 % (int)interval.TotalHours == 0)
        {
            return interval.TotalHours == 24 ? "0 0 * * *" : $"0 */{(int)interval.TotalHours} * * *";
        }

        throw new InvalidOperationException(
            $"{SectionName}:PollInterval {interval} must be whole minutes that divide an hour (e.g. 00:15:00) or whole hours that divide a day (e.g. 02:00:00).");
    }
}
