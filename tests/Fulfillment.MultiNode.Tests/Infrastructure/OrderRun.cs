using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Fulfillment.MultiNode.Tests.Infrastructure;

/// <summary>
/// Orders placed through <c>POST /api/orders</c> and run by a small order workflow (published from the
/// workflows folder and made the order workflow with <c>Fulfillment:Operations:OrderWorkflowId</c>):
/// reserve the stock → Allocated → a timer → the customer e-mail (maildev) → wait for the go-ahead event
/// → commit the stock → Shipped → a timer → Completed. Every order takes one unit of <see cref="Sku"/>.
/// Afterwards it checks what must hold however the servers were killed: every order Completed, one
/// customer e-mail each, the stock adds up, and each step of each instance journaled once.
/// </summary>
public sealed class OrderRun(string run, int orders)
{
    public const string WorkflowId = "test-order";

    /// <summary>The demo product every order takes one of.</summary>
    public const string Sku = "EL-1002";

    public int Orders { get; } = orders;

    /// <summary>The recipients' domain, unique to this run.</summary>
    public string Domain { get; } = $"@orders-{run}.test";

    /// <summary>Order number → workflow instance, for each order the API acknowledged.</summary>
    public Dictionary<string, string> Instances { get; } = [];

    /// <summary>Units of <see cref="Sku"/> free before the first order.</summary>
    public int FreeAtStart { get; private set; }

    /// <summary>The settings that make <see cref="WorkflowId"/> the order workflow, from <paramref name="directory"/>.</summary>
    public static async Task<Dictionary<string, string>> SettingsAsync(string directory)
    {
        var workflows = Directory.CreateDirectory(Path.Combine(directory, "workflows")).FullName;
        await File.WriteAllTextAsync(Path.Combine(workflows, $"{WorkflowId}.json"), Workflow);
        return new Dictionary<string, string>
        {
            ["Fulfillment__DemoData"] = "true",
            ["Fulfillment__WorkflowsDirectory"] = workflows,
            ["Fulfillment__Operations__OrderWorkflowId"] = WorkflowId,
            ["Fulfillment__Email__Smtp__Host"] = "127.0.0.1",
            ["Fulfillment__Email__Smtp__Security"] = "None",
        };
    }

    public string OrderNumber(int i) => $"T-{run}-{i}";

    public string Customer(int i) => $"c{i}{Domain}";

    /// <summary>The order a customer's e-mail is about.</summary>
    public static int IndexOf(string recipient) =>
        int.Parse(recipient[1..recipient.IndexOf('@', StringComparison.Ordinal)], CultureInfo.InvariantCulture);

    /// <summary>Books in what the orders need beyond the demo stock (once, whatever the retries) and notes what is free.</summary>
    public async Task StockUpAsync(HttpClient api)
    {
        var (onHand, reserved) = await StockAsync(api);
        if (onHand - reserved < Orders)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/inventory/restock")
            {
                Content = JsonContent.Create(new { sku = Sku, quantity = Orders - (onHand - reserved), reason = "Test orders" }),
            };
            request.Headers.Add("Idempotency-Key", $"stock-up-{run}");
            using var response = await api.SendAsync(request);
            response.EnsureSuccessStatusCode();
            (onHand, reserved) = await StockAsync(api);
        }

        FreeAtStart = onHand - reserved;
    }

    /// <summary>Places order <paramref name="i"/> (again: the order number makes a repeat find the first one).</summary>
    public async Task PlaceAsync(HttpClient api, int i, CancellationToken cancellationToken = default)
    {
        using var response = await api.PostAsJsonAsync("api/orders", new
        {
            orderNumber = OrderNumber(i),
            customer = new { name = $"Customer {i}", email = Customer(i) },
            shippingAddress = new { line1 = $"{i} Main Street", city = "Springfield", postalCode = "62701", country = "US" },
            lines = new[] { new { sku = Sku, quantity = 1 } },
            shippingMethod = "Standard",
            paymentStatus = "Paid",
        }, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!;
        lock (Instances)
        {
            Instances[OrderNumber(i)] = (string)body["instanceId"]!;
        }
    }

    /// <summary>The go-ahead that order <paramref name="i"/>'s workflow waits for after e-mailing the customer.</summary>
    public async Task SendGoAheadAsync(HttpClient api, int i)
    {
        using var response = await api.PostAsJsonAsync("api/events", new { key = $"go:{OrderNumber(i)}", payload = new { from = "test" } });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The orders whose customer e-mail arrived (so their wait is committed).</summary>
    public async Task<IReadOnlyList<int>> MailedAsync(MaildevInbox maildev) =>
        (await maildev.ForDomainAsync(Domain)).Select(d => IndexOf(d.To)).Distinct().ToList();

    public async Task<int> CountCompletedAsync(HttpClient api) =>
        (int)(await api.GetFromJsonAsync<JsonObject>($"api/orders?status=Completed&search={Uri.EscapeDataString($"T-{run}-")}&take=1"))!["total"]!;

    /// <summary>Every order Completed, its stock committed once, the books balanced.</summary>
    public async Task AssertOrdersAndStockAsync(HttpClient api)
    {
        (await CountCompletedAsync(api)).ShouldBe(Orders, "every order completed");
        Instances.Count.ShouldBe(Orders);
        var (onHand, reserved) = await StockAsync(api);
        reserved.ShouldBe(0, "nothing is held once every order shipped");
        onHand.ShouldBe(FreeAtStart - Orders, "each order took its unit off the shelf exactly once: none oversold, none taken twice");
        var reconciliation = (await api.GetFromJsonAsync<JsonObject>("api/inventory/reconciliation"))!;
        ((int)reconciliation["mismatches"]!).ShouldBe(0, reconciliation.ToJsonString());
    }

    /// <summary>
    /// One customer e-mail per order. At least once: a message whose sender died mid-send is sent again
    /// (its lease taken over or released at restart), then with the same Message-Id by which receivers
    /// drop the repeat; a second delivery after a single attempt is a bug.
    /// </summary>
    public async Task<int> AssertOneEmailPerCustomerAsync(MaildevInbox maildev, HttpClient api)
    {
        var deliveries = await maildev.ForDomainAsync(Domain);
        var instances = Instances.Values.ToHashSet();
        var attempts = (await api.GetFromJsonAsync<JsonArray>($"api/outbox?take=1000"))!.OfType<JsonObject>()
            .Where(m => instances.Contains((string?)m["instanceId"] ?? ""))
            .ToDictionary(m => (string)m["instanceId"]!, m => (Status: (string)m["status"]!, Attempts: (int)m["attempts"]!));
        attempts.Count.ShouldBe(Orders, "one outbox message per order");
        attempts.Values.ShouldAllBe(m => m.Status == "Dispatched");
        var repeated = 0;
        for (var i = 0; i < Orders; i++)
        {
            var mine = deliveries.Where(d => d.To.Equals(Customer(i), StringComparison.OrdinalIgnoreCase)).ToList();
            mine.ShouldNotBeEmpty($"order {i}'s customer got the e-mail");
            mine.Select(d => d.MessageId).Distinct().ShouldHaveSingleItem($"order {i}'s customer got one e-mail (one Message-Id)");
            if (mine.Count > 1)
            {
                attempts[Instances[OrderNumber(i)]].Attempts.ShouldBeGreaterThan(1, $"order {i}'s e-mail arrived {mine.Count} times after one attempt");
                repeated++;
            }
        }

        return repeated;
    }

    /// <summary>
    /// Each instance Completed with every step journaled exactly once, in flow order; returns the
    /// journals (sequence order) for further checks.
    /// </summary>
    public async Task<Dictionary<string, List<JournalLine>>> AssertJournalsAsync(HttpClient api)
    {
        var steps = new[] { "reserve", "allocated", "cool", "mail", "go", "commit", "shipped", "cool-again", "completed" };
        var journals = new Dictionary<string, List<JournalLine>>();
        foreach (var (orderNumber, id) in Instances)
        {
            var details = (await api.GetFromJsonAsync<JsonObject>($"api/instances/{id}"))!;
            ((string?)details["status"]).ShouldBe("Completed", $"order {orderNumber}");
            var journal = details["journal"]!.AsArray().OfType<JsonObject>()
                .Select(j => new JournalLine((long)j["sequence"]!, (DateTimeOffset)j["at"]!, (string?)j["node"], (string)j["kind"]!, (string?)j["activityId"]))
                .OrderBy(j => j.Sequence)
                .ToList();
            journal.Select(j => j.Sequence).ShouldBeUnique($"order {orderNumber}: journal sequence");
            var completed = journal.Where(j => j.Kind == "ActivityCompleted" && j.Activity != "start").Select(j => j.Activity).ToList();
            string.Join(" → ", completed).ShouldBe(string.Join(" → ", steps), $"order {orderNumber}: each step completed once, in order");
            foreach (var waited in new[] { "cool", "go", "cool-again" })
            {
                journal.Count(j => j.Kind == "ActivityResumed" && j.Activity == waited).ShouldBe(1, $"order {orderNumber}: {waited} resumed once");
            }

            journals[id] = journal;
        }

        return journals;
    }

    private static async Task<(int OnHand, int Reserved)> StockAsync(HttpClient api)
    {
        var rows = (await api.GetFromJsonAsync<JsonArray>($"api/inventory?sku={Sku}"))!.OfType<JsonObject>().ToList();
        return (rows.Sum(r => (int)r["onHand"]!), rows.Sum(r => (int)r["reserved"]!));
    }

    private const string Workflow = """
        {
          "schemaVersion": 1, "id": "test-order", "name": "Test order",
          "variables": [ { "name": "orderId" }, { "name": "orderNumber" }, { "name": "customerName" }, { "name": "customerEmail" } ],
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "reserve", "type": "ReserveStock" },
            { "id": "allocated", "type": "UpdateOrderStatus", "inputs": { "status": "Allocated" } },
            { "id": "cool", "type": "Delay", "inputs": { "duration": "PT1S" } },
            { "id": "mail", "type": "SendEmail",
              "inputs": { "to": { "expr": "customerEmail" }, "template": "generic",
                          "model": { "expr": "({ subject: 'Your order ' + orderNumber, body: 'Dear ' + customerName + ', your order ' + orderNumber + ' is being packed.' })" } } },
            { "id": "go", "type": "WaitForEvent", "inputs": { "key": { "expr": "'go:' + orderNumber" } } },
            { "id": "commit", "type": "CommitStock" },
            { "id": "shipped", "type": "UpdateOrderStatus", "inputs": { "status": "Shipped" } },
            { "id": "cool-again", "type": "Delay", "inputs": { "duration": "PT1S" } },
            { "id": "completed", "type": "UpdateOrderStatus", "inputs": { "status": "Completed" } }
          ],
          "connections": [
            { "from": "start", "to": "reserve" }, { "from": "reserve", "outcome": "Reserved", "to": "allocated" },
            { "from": "allocated", "to": "cool" }, { "from": "cool", "to": "mail" }, { "from": "mail", "to": "go" },
            { "from": "go", "to": "commit" }, { "from": "commit", "outcome": "Committed", "to": "shipped" },
            { "from": "shipped", "to": "cool-again" }, { "from": "cool-again", "to": "completed" }
          ]
        }
        """;
}

/// <summary>One journal entry as the API shows it.</summary>
public sealed record JournalLine(long Sequence, DateTimeOffset At, string? Node, string Kind, string? Activity);
