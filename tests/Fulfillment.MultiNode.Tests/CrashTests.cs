using System.Diagnostics;
using Fulfillment.MultiNode.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Fulfillment.MultiNode.Tests;

/// <summary>
/// The durability contract's crash clause on the embedded default (SQLite, one node): orders run while
/// the server is killed with SIGKILL at random instants (seeded, so a failure can be replayed with the
/// same instants) and restarted each time. Whatever was in flight — an order being placed, a burst
/// committing, a timer firing, an e-mail being sent, a go-ahead being delivered — every order still
/// completes, each customer gets their e-mail once, no unit is sold twice, and each step is journaled once.
/// </summary>
[Collection(ServerProcesses.Name)]
public sealed class CrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Orders = 60;
    private const int Kills = 10;
    private const int Seed = 20261123;
    private const string Password = "Demo!2345";
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan FinishLimit = TimeSpan.FromSeconds(180);

    private readonly string _directory = Directory.CreateTempSubdirectory("fulfillment-crash-").FullName;
    private readonly OrderRun _run = new(Guid.NewGuid().ToString("N")[..8], Orders);
    private readonly HashSet<int> _placed = [];
    private readonly HashSet<int> _goAheads = [];
    private ServerNode? _node;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_node is not null)
        {
            output.WriteLine($"--- last lines of {_node.LogPath}:");
            output.WriteLine(_node.Tail(30));
            await _node.DisposeAsync();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing the test for.
        }
    }

    [Fact]
    public async Task Orders_survive_ten_kills_at_random_instants()
    {
        using var maildev = new MaildevInbox();
        var settings = await OrderRun.SettingsAsync(_directory);
        settings["Fulfillment__Email__Smtp__Port"] = maildev.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Fulfillment__Scheduler__SweepCron"] = "*/2 * * * * *";
        var random = new Random(Seed);
        var watch = Stopwatch.StartNew();

        var api = await StartAsync(settings);
        await _run.StockUpAsync(api);
        for (var kill = 1; kill <= Kills; kill++)
        {
            // Work goes on until the kill lands: wherever it lands is the point.
            var after = TimeSpan.FromMilliseconds(random.Next(300, 3000));
            using var stop = new CancellationTokenSource();
            var driving = DriveAsync(api, maildev, stop.Token);
            await Task.Delay(after);
            _node!.Kill();
            await stop.CancelAsync();
            await driving;
            api.Dispose();
            output.WriteLine($"kill {kill} after {after.TotalMilliseconds:0} ms: {_placed.Count} placed, {_goAheads.Count} go-aheads ({watch.Elapsed})");
            api = await StartAsync(settings);
        }

        // The last start: let it finish everything.
        var finishing = Stopwatch.StartNew();
        while (_placed.Count < Orders || _goAheads.Count < Orders || await _run.CountCompletedAsync(api) < Orders)
        {
            finishing.Elapsed.ShouldBeLessThan(FinishLimit,
                $"{_placed.Count} placed, {_goAheads.Count} go-aheads, {await _run.CountCompletedAsync(api)} of {Orders} completed");
            await DriveOnceAsync(api, maildev, CancellationToken.None);
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        output.WriteLine($"all {Orders} orders completed after {Kills} kills, {watch.Elapsed} in all");
        await _run.AssertOrdersAndStockAsync(api);
        var repeated = await _run.AssertOneEmailPerCustomerAsync(maildev, api);
        output.WriteLine($"{repeated} e-mail(s) delivered again after a restart (same Message-Id)");
        await _run.AssertJournalsAsync(api);
        api.Dispose();
    }

    private async Task<HttpClient> StartAsync(Dictionary<string, string> settings)
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }

        // The same data directory and node name each time, as a restarted service.
        _node = ServerNode.Start("crash-node", _directory, settings);
        await _node.WaitUntilHealthyAsync(StartLimit);
        return _node.Client(await _node.LoginAsync("admin@demo.local", Password));
    }

    /// <summary>Places orders and sends go-aheads until cancelled; a call the kill cuts off is simply repeated later.</summary>
    private async Task DriveAsync(HttpClient api, MaildevInbox maildev, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await DriveOnceAsync(api, maildev, cancellationToken);
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Places up to four more orders, then sends the go-ahead of each order whose customer e-mail arrived.
    /// Only answered calls count as done: an order or event whose call died with the server is sent
    /// again, which must change nothing if the first one got through.
    /// </summary>
    private async Task DriveOnceAsync(HttpClient api, MaildevInbox maildev, CancellationToken cancellationToken)
    {
        try
        {
            var next = Enumerable.Range(0, Orders).Where(i => !_placed.Contains(i)).Take(4).ToList();
            await Task.WhenAll(next.Select(async i =>
            {
                await _run.PlaceAsync(api, i, cancellationToken);
                lock (_placed)
                {
                    _placed.Add(i);
                }
            }));

            foreach (var i in (await _run.MailedAsync(maildev)).Where(i => !_goAheads.Contains(i)))
            {
                await _run.SendGoAheadAsync(api, i);
                _goAheads.Add(i);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or OperationCanceledException)
        {
            // The server died under the call (or is being killed): try again after the restart.
        }
    }
}
