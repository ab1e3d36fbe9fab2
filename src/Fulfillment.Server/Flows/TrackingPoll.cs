using Fulfillment.Operations.Shipping;
using Fulfillment.Server.Hosting;
using Fulfillment.Server.Scheduling;
using Hangfire;
using Microsoft.Extensions.Options;

namespace Fulfillment.Server.Flows;

/// <summary>The Hangfire recurring job that runs the carrier tracking poll on the real clock.</summary>
public sealed class TrackingPollJob(TrackingPoller poller)
{
    public const string JobId = "carrier-tracking-poll";

    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public Task RunAsync(CancellationToken cancellationToken) => poller.PollAsync(cancellationToken);
}

/// <summary>Under the simulated clock the poll runs at every stop of an advance instead, so tracking moves with virtual time.</summary>
internal sealed class TrackingSimulationStep(TrackingPoller poller, IOptions<ShippingOptions> options) : ISimulationStep
{
    public TimeSpan Interval => options.Value.PollInterval;

    public Task RunAsync(CancellationToken cancellationToken) => poller.PollAsync(cancellationToken);
}

/// <summary>Registers the recurring poll on the real clock (and removes it under the simulated one, where advances run it).</summary>
internal sealed class TrackingPollStartupTask(IRecurringJobManager jobs, IOptions<ShippingOptions> shipping, IOptions<FulfillmentServerOptions> server) : IStartupTask
{
    public Task ExecuteAsync(CancellationToken cancellationToken)
    {
        if (server.Value.Clock == ClockMode.System)
        {
            jobs.AddOrUpdate<TrackingPollJob>(TrackingPollJob.JobId, j => j.RunAsync(CancellationToken.None), shipping.Value.PollCron());
        }
        else
        {
            jobs.RemoveIfExists(TrackingPollJob.JobId);
        }

        return Task.CompletedTask;
    }
}
