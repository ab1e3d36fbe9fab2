using System.Security.Claims;
using System.Text.Json.Nodes;
using Fulfillment.HumanTasks;
using Fulfillment.HumanTasks.Notifications;
using Fulfillment.Messaging;
using Fulfillment.Operations.Carriers;
using Fulfillment.Operations.Customers;
using Fulfillment.Operations.Inventory;
using Fulfillment.Operations.Model;
using Fulfillment.Operations.Orders;
using Fulfillment.Operations.Shipping;
using Fulfillment.Operations.Storage;
using Fulfillment.Operations.Tests.Infrastructure;
using Fulfillment.Workflows.Runtime;
using Fulfillment.Workflows.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fulfillment.Operations.Tests.Flows;

/// <summary>A customer e-mail as the outbox holds it (rendered when the step ran).</summary>
public sealed record SentMail(string Template, string To, string Subject, string Text, string Html, string Status);

/// <summary>
/// The whole fulfillment stack on the real engine (<see cref="WorkflowTestHost"/>: SQLite, virtual clock
/// from Monday 5 January 2026 09:00 UTC): orders, inventory (the demo catalog), human tasks with one
/// person per role, e-mail to a pickup folder, documents, the simulated carrier, and the fulfillment
/// activities. <see cref="AdvanceAsync"/> moves time like the server's simulated clock does: it stops at
/// every tracking-poll interval, fires the timers due, and runs the tracking poll.
/// </summary>
public sealed class FlowHost : IAsyncDisposable
{
    public const string CustomerEmail = "ada@example.test";

    /// <summary>One person per role, as the demo users.</summary>
    public static IReadOnlyDictionary<string, string> People { get; } = new Dictionary<string, string>
    {
        ["Warehouse Staff"] = "staff@shop.test",
        ["Warehouse Manager"] = "manager@shop.test",
        ["Customer Service"] = "service@shop.test",
        ["Customer Service Manager"] = "service-manager@shop.test",
        ["Senior Sales Manager"] = "sales@shop.test",
        ["Order Verification"] = "verification@shop.test",
        ["Shipment Details"] = "shipment@shop.test",
        ["Tracking Confirmation"] = "tracking@shop.test",
    };

    private readonly string _mail;

    private FlowHost(WorkflowTestHost host, FailingCommits commits, string mail)
    {
        Host = host;
        Commits = commits;
        _mail = mail;
    }

    public WorkflowTestHost Host { get; }

    public FailingCommits Commits { get; }

    public T Get<T>() where T : notnull => Host.Services.GetRequiredService<T>();

    public static async Task<FlowHost> CreateAsync(Action<IServiceCollection>? configure = null)
    {
        var commits = new FailingCommits();
        var mail = Directory.CreateTempSubdirectory("fulfillment-flow-mail-").FullName;
        var host = await WorkflowTestHost.CreateAsync(o =>
        {
            o.ConfigureEngine = engine => engine.AddEmailActivities().AddHumanTaskActivities().AddOperationsActivities().AddOperationsFlowActivities();
            o.ConfigureDatabase = db => db.AddInterceptors(commits);
            o.ConfigureServices = services =>
            {
                services.AddFulfillmentEmail(e => e.PickupDirectory = mail);
                services.AddSingleton<IUserDirectory>(new RoleDirectory());

                services.AddHumanTasks();
                services.AddOperations();
                services.AddOperationsFlows();
                services.AddSimulatedCarrier();
                services.AddSingleton<IFeedbackTokens, PlainFeedbackTokens>();
                services.Configure<CustomerLinkOptions>(l => l.PublicBaseUrl = "http://shop.test");

                // Hourly stops keep a virtual week to 168 polls; the scans still arrive in order, hours apart.
                services.Configure<ShippingOptions>(s => s.PollInterval = TimeSpan.FromHours(1));
                configure?.Invoke(services);
            };
        });
        await host.Services.GetRequiredService<HumanTasksDatabase>().MigrateAsync(CancellationToken.None);
        await host.Services.GetRequiredService<OperationsDatabase>().MigrateAsync(CancellationToken.None);
        await host.Services.GetRequiredService<DemoInventory>().EnsureAsync(CancellationToken.None);
        return new FlowHost(host, commits, mail);
    }

    /// <summary>A file of the repository's <c>workflows/</c> folder, published as the server does at start-up.</summary>
    public Task PublishWorkflowFileAsync(string workflowId) => Host.PublishFileAsync(RepositoryFile("workflows", $"{workflowId}.json"));

    public static string RepositoryFile(params string[] parts)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Fulfillment.sln")))
        {
            directory = directory.Parent;
        }

        return Path.Combine([directory?.FullName ?? throw new InvalidOperationException("The repository root (Fulfillment.sln) was not found."), .. parts]);
    }

    /// <summary>Places an order (demo catalog SKUs) without starting anything.</summary>
    public async Task<Order> PlaceAsync(string orderNumber, string shippingMethod = "standard", IReadOnlyList<string>? instructions = null, params (string Sku, int Quantity)[] lines)
    {
        var request = new PlaceOrderRequest(
            orderNumber,
            new CustomerRequest("Ada Lovelace", CustomerEmail),
            new AddressRequest("1 Analytical St", "London", "GB", "N1 1AA"),
            [.. (lines.Length == 0 ? [("EL-1002", 2)] : lines).Select(l => new OrderLineRequest(l.Sku, l.Quantity))],
            shippingMethod,
            instructions?.Select(i => System.Text.Json.JsonSerializer.SerializeToElement(i)).ToList());
        return (await Get<OrderService>().PlaceAsync(request, "shop", CancellationToken.None)).Order;
    }

    /// <summary>Places an order and starts <paramref name="workflowId"/> for it with the input the order API gives.</summary>
    public async Task<(Order Order, string InstanceId)> StartOrderAsync(string workflowId, string orderNumber, string shippingMethod = "standard",
        IReadOnlyList<string>? instructions = null, params (string Sku, int Quantity)[] lines)
    {
        var order = await PlaceAsync(orderNumber, shippingMethod, instructions, lines);
        var instance = await Host.StartAsync(workflowId, new JsonObject
        {
            ["orderId"] = order.Id,
            ["orderNumber"] = order.OrderNumber,
            ["customerName"] = order.Customer.Name,
            ["customerEmail"] = order.Customer.Email,
            ["shippingMethod"] = order.ShippingMethod.ToString(),
            ["total"] = order.Total,
            ["currency"] = order.Currency,
        }, order.OrderNumber);
        await Get<OrderService>().SetInstanceAsync(order.Id, instance.Id, CancellationToken.None);
        return (order, instance.Id);
    }

    public static ClaimsPrincipal Person(string role)
    {
        var email = People[role];
        var identity = new ClaimsIdentity("Test", ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, email));
        identity.AddClaim(new Claim(ClaimTypes.Email, email));
        identity.AddClaim(new Claim(ClaimTypes.Role, role));
        return new ClaimsPrincipal(identity);
    }

    /// <summary>The open task of <paramref name="activityId"/> in the instance, from the inbox of the role.</summary>
    public async Task<HumanTaskView> TaskAsync(string role, string instanceId, string activityId)
    {
        var inbox = await Get<HumanTaskService>().InboxAsync(Person(role), HumanTaskStatus.Open, CancellationToken.None);
        var open = inbox.Where(t => t.InstanceId == instanceId).ToList();
        return open.SingleOrDefault(t => t.ActivityId == activityId)
            ?? throw new ShouldAssertException($"No open task '{activityId}' for {role}; open for them: [{string.Join(", ", open.Select(t => t.ActivityId))}]; " +
                $"instance: {await DescribeAsync(instanceId)}");
    }

    /// <summary>Completes the open task of <paramref name="activityId"/> as the person holding <paramref name="role"/>.</summary>
    /// <param name="data">The form data as JSON, e.g. <c>{ "inStock": true }</c>.</param>
    public async Task<HumanTaskView> CompleteAsync(string role, string instanceId, string activityId, string? data = null, string? outcome = null, string? comment = null)
    {
        var task = await TaskAsync(role, instanceId, activityId);
        var form = data is null ? null : JsonNode.Parse(data)!.AsObject();
        return await Get<HumanTaskService>().CompleteAsync(task.Id, Person(role), outcome, form, comment, null, CancellationToken.None);
    }

    public Task<HumanTaskView> ApproveAsync(string role, string instanceId, string activityId) =>
        CompleteAsync(role, instanceId, activityId, outcome: "Approved");

    /// <summary>
    /// Moves the virtual clock like the server's simulated clock: stop at every poll interval, fire the
    /// timers due by then, run the tracking poll; deliver the outbox at the end.
    /// </summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        var interval = Get<IOptions<ShippingOptions>>().Value.PollInterval;
        var target = Host.Clock.GetUtcNow() + by;
        while (Host.Clock.GetUtcNow() < target)
        {
            var now = Host.Clock.GetUtcNow();
            var stop = now + interval < target ? now + interval : target;
            await Host.Runtime.FireDueTimersAsync(stop, Host.Clock.SetUtcNow, CancellationToken.None);
            Host.Clock.SetUtcNow(stop);
            await Get<TrackingPoller>().PollAsync(CancellationToken.None);
        }

        await Host.DispatchOutboxAsync();
    }

    public async Task<Order> OrderAsync(int orderId) =>
        await Get<OrderService>().FindAsync(orderId, CancellationToken.None) ?? throw new ShouldAssertException($"Order {orderId} is gone.");

    public async Task<T> ReadAsync<T>(Func<OperationsDbContext, Task<T>> query)
    {
        await using var db = await Get<IDbContextFactory<OperationsDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    /// <summary>The e-mails queued to the customer, oldest first (dispatched or not).</summary>
    public async Task<IReadOnlyList<SentMail>> CustomerMailsAsync(string to = CustomerEmail)
    {
        await Host.DispatchOutboxAsync();
        var rows = await Host.QueryAsync(db => db.Outbox.AsNoTracking().Where(m => m.Kind == EmailPayload.Kind).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToListAsync());
        return [.. rows
            .Select(r => (Row: r, Payload: EmailPayload.FromJson(r.PayloadJson)))
            .Where(m => m.Payload.To.Any(t => t.Contains(to, StringComparison.OrdinalIgnoreCase)))
            .Select(m => new SentMail(m.Payload.Template ?? "", string.Join(", ", m.Payload.To), m.Payload.Subject, m.Payload.Text, m.Payload.Html, m.Row.Status))];
    }

    /// <summary>Customer e-mails by template, e.g. ["order-confirmation", "order-shipped", …].</summary>
    public async Task<IReadOnlyList<string>> CustomerTemplatesAsync() => [.. (await CustomerMailsAsync()).Select(m => m.Template)];

    /// <summary>The .eml files delivered to the pickup folder.</summary>
    public int DeliveredFiles => Directory.GetFiles(_mail, "*.eml").Length;

    public async Task<string> DescribeAsync(string instanceId)
    {
        var details = await Host.GetDetailsAsync(instanceId);
        return $"{details.Status}{(details.Incident is { } incident ? $" ({incident.ActivityId}: {incident.Message})" : string.Empty)}, " +
            $"waiting on [{string.Join(", ", details.Bookmarks.Select(b => $"{b.ActivityId}:{b.Key}"))}]";
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        try
        {
            Directory.Delete(_mail, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test for.
        }
    }

    private sealed class RoleDirectory : IUserDirectory
    {
        public Task<IReadOnlyList<string>> GetEmailsInRoleAsync(string role, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<string>>(People.TryGetValue(role, out var email) ? [email] : []);

        public Task<bool> IsInRoleAsync(string email, string role, CancellationToken cancellationToken) =>
            Task.FromResult(People.TryGetValue(role, out var holder) && holder == email);
    }

    /// <summary>Readable tokens for tests (the server protects them with Data Protection).</summary>
    private sealed class PlainFeedbackTokens : IFeedbackTokens
    {
        public string Create(int orderId) => $"order-{orderId}";

        public bool TryRead(string token, out int orderId) =>
            int.TryParse(token.StartsWith("order-", StringComparison.Ordinal) ? token["order-".Length..] : "x", out orderId);
    }
}
