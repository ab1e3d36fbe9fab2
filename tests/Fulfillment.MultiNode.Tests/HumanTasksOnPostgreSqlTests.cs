using System.Security.Claims;
using System.Text.Json.Nodes;
using Fulfillment.HumanTasks;
using Fulfillment.HumanTasks.Notifications;
using Fulfillment.Messaging;
using Fulfillment.MultiNode.Tests.Infrastructure;
using Fulfillment.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Fulfillment.MultiNode.Tests;

/// <summary>
/// Human tasks on PostgreSQL across nodes: the inbox row is written in the engine's commit on either
/// node, and of two people completing one task on two nodes at the same instant, one wins.
/// </summary>
public sealed class HumanTasksOnPostgreSqlTests(PostgreSqlDatabase database) : IClassFixture<PostgreSqlDatabase>, IDisposable
{
    private const string Role = "Warehouse Staff";
    private const string Ann = "ann@example.test";
    private const string Bob = "bob@example.test";

    private const string ShelfCheck = """
        {
          "schemaVersion": 1, "id": "shelf-check", "name": "Shelf check",
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "check", "type": "UserTask",
              "inputs": { "title": "Check the shelf", "role": "Warehouse Staff", "due": "P1D",
                "form": [ { "name": "shelf", "type": "Text", "required": true } ] } },
            { "id": "after", "type": "CountedStep" }
          ],
          "connections": [ { "from": "start", "to": "check" }, { "from": "check", "to": "after" } ]
        }
        """;

    private readonly string _mail = Directory.CreateTempSubdirectory("fulfillment-multinode-mail-").FullName;

    public void Dispose() => Directory.Delete(_mail, recursive: true);

    [PostgreSqlFact]
    public async Task Two_people_completing_one_task_on_two_nodes_at_once_complete_it_once()
    {
        await using var cluster = await Cluster.StartAsync(database.ConnectionString, nodes: 2,
            activities: b => b.AddHumanTaskActivities(),
            services: s =>
            {
                s.AddFulfillmentEmail(e => e.PickupDirectory = _mail);
                s.AddSingleton<IUserDirectory>(new StaffDirectory());
                s.AddHumanTasks();
            });
        var (a, b) = (cluster[0], cluster[1]);
        await a.Services.GetRequiredService<HumanTasksDatabase>().MigrateAsync(CancellationToken.None);
        await a.PublishAsync(ShelfCheck);
        var started = await a.StartAsync("shelf-check");

        // Opened by node a's commit, seen in the inbox through node b.
        var task = (await Tasks(b).InboxAsync(User(Bob), HumanTaskStatus.Open, CancellationToken.None))
            .Where(t => t.InstanceId == started.Id).ShouldHaveSingleItem();

        cluster.Gate.LineUp(2);
        var attempts = await Task.WhenAll(
            CompleteAsync(a, task.Id, Ann, "A-1"),
            CompleteAsync(b, task.Id, Bob, "B-2"));

        var winner = attempts.Single(r => r.Refusal is null);
        attempts.Single(r => r.Refusal is not null).Refusal.ShouldBe(TaskRefusal.Conflict);
        var done = await Tasks(a).GetAsync(task.Id, User(winner.By), CancellationToken.None);
        done.Status.ShouldBe(HumanTaskStatus.Completed);
        done.CompletedBy.ShouldBe(winner.By);
        done.Data!["shelf"]!.GetValue<string>().ShouldBe(winner.By == Ann ? "A-1" : "B-2");
        var details = await b.GetDetailsAsync(started.Id);
        details.Status.ShouldBe(WorkflowStatus.Completed);
        details.Entries(JournalEventKind.ActivityResumed, "check").ShouldHaveSingleItem().Actor.ShouldBe(winner.By);
        details.Entries(JournalEventKind.ActivityCompleted, "after").ShouldHaveSingleItem();
    }

    private static HumanTaskService Tasks(Workflows.Testing.WorkflowTestHost node) => node.Services.GetRequiredService<HumanTaskService>();

    private static Task<(string By, TaskRefusal? Refusal)> CompleteAsync(Workflows.Testing.WorkflowTestHost node, string taskId, string who, string shelf) =>
        Task.Run(async () =>
        {
            try
            {
                await Tasks(node).CompleteAsync(taskId, User(who), null, new JsonObject { ["shelf"] = shelf }, null, null, CancellationToken.None);
                return (who, (TaskRefusal?)null);
            }
            catch (TaskOperationException ex)
            {
                return (who, ex.Refusal);
            }
        });

    private static ClaimsPrincipal User(string email)
    {
        var identity = new ClaimsIdentity("Test", ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, email));
        identity.AddClaim(new Claim(ClaimTypes.Email, email));
        identity.AddClaim(new Claim(ClaimTypes.Role, Role));
        return new ClaimsPrincipal(identity);
    }

    private sealed class StaffDirectory : IUserDirectory
    {
        public Task<IReadOnlyList<string>> GetEmailsInRoleAsync(string role, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<string>>(role == Role ? [Ann, Bob] : []);

        public Task<bool> IsInRoleAsync(string email, string role, CancellationToken cancellationToken) =>
            Task.FromResult(role == Role && email is Ann or Bob);
    }
}
