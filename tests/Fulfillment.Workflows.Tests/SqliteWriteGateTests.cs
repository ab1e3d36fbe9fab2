using Fulfillment.Workflows.EntityFrameworkCore;
using Fulfillment.Workflows.EntityFrameworkCore.Entities;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Fulfillment.Workflows.Tests;

/// <summary>
/// Writers of one process take turns on a SQLite file (<see cref="SqliteWriteGate"/>) instead of meeting
/// SQLITE_BUSY. The connections allow 5 s of busy retries: a writer that went to SQLite while another
/// held the lock would block the test in those retries and then fail, where a writer waiting its turn
/// returns a pending task at once.
/// </summary>
public sealed class SqliteWriteGateTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "write-gate-" + Guid.NewGuid().ToString("N"));
    private FulfillmentDatabase _database = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var path = Path.Combine(_directory, "gate.db");
        _database = FulfillmentDatabase.Sqlite(new SqliteConnectionStringBuilder { DataSource = path, DefaultTimeout = 5 }.ToString());
        await new WorkflowDatabase(_database).MigrateAsync(CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_second_transaction_waits_for_the_first_to_commit_then_runs()
    {
        await using var first = NewContext();
        await using var second = NewContext();
        await using var firstTransaction = await first.Database.BeginTransactionAsync();
        first.Stimuli.Add(Stimulus("first"));
        await first.SaveChangesAsync();

        var secondBegins = second.Database.BeginTransactionAsync();
        secondBegins.IsCompleted.ShouldBeFalse("the second writer must wait for its turn, not try SQLite's lock");

        await firstTransaction.CommitAsync();
        await using var secondTransaction = await secondBegins;
        second.Stimuli.Add(Stimulus("second"));
        await second.SaveChangesAsync();
        await secondTransaction.CommitAsync();

        await using var reader = NewContext();
        (await reader.Stimuli.Select(s => s.Key).OrderBy(k => k).ToListAsync()).ShouldBe(["first", "second"]);
    }

    [Fact]
    public async Task A_statement_outside_a_transaction_waits_its_turn()
    {
        await using var first = NewContext();
        await using var second = NewContext();
        await using var firstTransaction = await first.Database.BeginTransactionAsync();
        first.Stimuli.Add(Stimulus("first"));
        await first.SaveChangesAsync();

        var deletes = second.Stimuli.Where(s => s.Key == "first").ExecuteDeleteAsync();
        deletes.IsCompleted.ShouldBeFalse();

        await firstTransaction.CommitAsync();
        (await deletes).ShouldBe(1, "the delete runs after the commit and sees its row");
    }

    [Fact]
    public async Task A_transaction_abandoned_without_commit_or_rollback_passes_the_turn_on()
    {
        await using (var abandoned = NewContext())
        {
            var transaction = await abandoned.Database.BeginTransactionAsync();
            abandoned.Stimuli.Add(Stimulus("lost"));
            await abandoned.SaveChangesAsync();
            await transaction.DisposeAsync();
        }

        await using var next = NewContext();
        var begins = next.Database.BeginTransactionAsync();
        begins.IsCompletedSuccessfully.ShouldBeTrue("nobody holds the turn any more");
        await using var transaction2 = await begins;
        (await next.Stimuli.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Concurrent_read_modify_write_transactions_all_commit_and_lose_nothing()
    {
        const int writers = 24;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(i => Task.Run(async () =>
        {
            await using var db = NewContext();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var count = await db.Stimuli.CountAsync();
            db.Stimuli.Add(Stimulus($"n{count:00}"));
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        })));

        await using var reader = NewContext();
        var keys = await reader.Stimuli.Select(s => s.Key).OrderBy(k => k).ToListAsync();
        keys.ShouldBe(Enumerable.Range(0, writers).Select(i => $"n{i:00}"), "each writer saw every earlier commit");
    }

    [Fact]
    public void Every_spelling_of_one_file_shares_one_gate()
    {
        var path = Path.Combine(_directory, "gate.db");
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        SqliteWriteGate.For($"Data Source={path}").ShouldBeSameAs(SqliteWriteGate.For($"Data Source={relative};Pooling=False"));
        SqliteWriteGate.For($"Data Source={path}").ShouldNotBeSameAs(SqliteWriteGate.For($"Data Source={path}.other"));
    }

    private WorkflowDbContext NewContext() => new(_database.CreateOptions<WorkflowDbContext>());

    private static StimulusRecord Stimulus(string key) =>
        new() { Id = Guid.NewGuid(), Key = key, Actor = "test", CreatedAt = DateTimeOffset.UnixEpoch };
}
