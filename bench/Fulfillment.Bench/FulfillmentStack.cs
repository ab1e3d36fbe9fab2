using System.Security.Claims;
using Fulfillment.HumanTasks;
using Fulfillment.HumanTasks.Notifications;
using Fulfillment.Messaging;
using Fulfillment.Operations;
using Fulfillment.Operations.Carriers;
using Fulfillment.Operations.Customers;
using Fulfillment.Operations.Inventory;
using Fulfillment.Operations.Shipping;
using Fulfillment.Operations.Storage;
using Fulfillment.Workflows;
using Fulfillment.Workflows.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fulfillment.Bench;

/// <summary>
/// The whole fulfillment stack as the server composes it, in this process: the engine on one SQLite
/// file (WAL), human tasks, orders and inventory with the demo catalog, e-mail to a pickup folder, the
/// simulated carrier and every fulfillment activity, on a virtual clock (<see cref="WorkflowTestHost"/>).
/// Nothing is mocked: what is left out is HTTP, Hangfire and Identity, which the benchmark does not measure.
/// </summary>
internal sealed class FulfillmentStack : IAsyncDisposable
{
    /// <summary>One person per role, like the demo users.</summary>
    public static IReadOnlyDictionary<string, string> People { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Warehouse Staff"] = "warehouse-staff@bench.local",
        ["Warehouse Manager"] = "warehouse-manager@bench.local",
        ["Customer Service"] = "customer-service@bench.local",
        ["Customer Service Manager"] = "customer-service-manager@bench.local",
        ["Senior Sales Manager"] = "senior-sales-manager@bench.local",
        ["Order Verification"] = "order-verification@bench.local",
        ["Shipment Details"] = "shipment-details@bench.local",
        ["Tracking Confirmation"] = "tracking-confirmation@bench.local",
    };

    private readonly string _mail;

    private FulfillmentStack(WorkflowTestHost host, CommitCounter commits, string mail)
    {
        Host = host;
        Commits = commits;
        _mail = mail;
    }

    public WorkflowTestHost Host { get; }

    public CommitCounter Commits { get; }

    public T Get<T>() where T : notnull => Host.Services.GetRequiredService<T>();

    public static async Task<FulfillmentStack> CreateAsync(CancellationToken cancellationToken)
    {
        var commits = new CommitCounter();
        var mail = Directory.CreateTempSubdirectory("fulfillment-bench-mail-").FullName;
        var host = await WorkflowTestHost.CreateAsync(o =>
        {
            o.ConfigureEngine = engine => engine.AddEmailActivities().AddHumanTaskActivities().AddOperationsActivities().AddOperationsFlowActivities();
            o.ConfigureServices = services =>
            {
                services.AddSingleton<Fulfillment.Workflows.Runtime.ICommitObserver>(commits);
                services.AddFulfillmentEmail(e => e.PickupDirectory = mail);
                services.AddSingleton<IUserDirectory>(new RoleDirectory());

                services.AddHumanTasks();
                services.AddOperations();
                services.AddOperationsFlows();
                services.AddSimulatedCarrier();
                services.AddSingleton<IFeedbackTokens, PlainFeedbackTokens>();
            };
        });
        await host.Services.GetRequiredService<HumanTasksDatabase>().MigrateAsync(cancellationToken);
        await host.Services.GetRequiredService<OperationsDatabase>().MigrateAsync(cancellationToken);
        await host.Services.GetRequiredService<DemoInventory>().EnsureAsync(cancellationToken);
        return new FulfillmentStack(host, commits, mail);
    }

    public static ClaimsPrincipal Person(string role)
    {
        var email = People[role];
        var identity = new ClaimsIdentity("Bench", ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, email));
        identity.AddClaim(new Claim(ClaimTypes.Email, email));
        identity.AddClaim(new Claim(ClaimTypes.Role, role));
        return new ClaimsPrincipal(identity);
    }

    /// <summary>
    /// Moves the virtual clock the way the server's simulated clock does: a stop at every tracking-poll
    /// interval that fires the timers due and polls the carrier, then the outbox is delivered.
    /// </summary>
    public async Task AdvanceAsync(TimeSpan by, CancellationToken cancellationToken)
    {
        var interval = Get<IOptions<ShippingOptions>>().Value.PollInterval;
        var target = Host.Clock.GetUtcNow() + by;
        while (Host.Clock.GetUtcNow() < target)
        {
            var now = Host.Clock.GetUtcNow();
            var stop = now + interval < target ? now + interval : target;
            await Host.Runtime.FireDueTimersAsync(stop, Host.Clock.SetUtcNow, cancellationToken);
            Host.Clock.SetUtcNow(stop);
            await Get<TrackingPoller>().PollAsync(cancellationToken);
        }

        await Host.DispatchOutboxAsync();
    }

    /// <summary>Bytes on disk of the database: the file and its write-ahead log.</summary>
    public long DatabaseBytes()
    {
        SqliteConnection.ClearAllPools();
        return new[] { Host.DatabasePath, Host.DatabasePath + "-wal" }.Where(File.Exists).Sum(p => new FileInfo(p).Length);
    }

    /// <summary>The e-mails written to the pickup folder.</summary>
    public int DeliveredMails => Directory.GetFiles(_mail, "*.eml").Length;

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        Directory.Delete(_mail, recursive: true);
    }

    private sealed class RoleDirectory : IUserDirectory
    {
        public Task<IReadOnlyList<string>> GetEmailsInRoleAsync(string role, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<string>>(People.TryGetValue(role, out var email) ? [email] : []);

        public Task<bool> IsInRoleAsync(string email, string role, CancellationToken cancellationToken) =>
            Task.FromResult(People.TryGetValue(role, out var holder) && holder == email);
    }

    /// <summary>
    /// Feedback links name the order in plain text here: the server protects them with Data Protection,
    /// which is not what this benchmark measures.
    /// </summary>
    private sealed class PlainFeedbackTokens : IFeedbackTokens
    {
        public string Create(int orderId) => $"order-{orderId}";

        public bool TryRead(string token, out int orderId) =>
            int.TryParse(token.StartsWith("order-", StringComparison.Ordinal) ? token["order-".Length..] : "x", out orderId);
    }
}
