using System.Text.Json.Nodes;
using Fulfillment.HumanTasks;
using Fulfillment.HumanTasks.Forms;
using Fulfillment.Server.Studio.Pages.Inbox;
using Fulfillment.Server.Studio.Pages.Instances;
using Fulfillment.Workflows.Definitions;
using Fulfillment.Workflows.EntityFrameworkCore;
using Fulfillment.Workflows.Runtime;

namespace Fulfillment.Server.Tests.Studio;

/// <summary>What the inbox, the task page and the instance viewer compute from the data they load.</summary>
public sealed class OperationsViewModelTests
{
    // Wednesday 25 November 2026, 10:00 UTC.
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_due_filters_count_from_the_engine_clock_in_utc_days_and_monday_weeks()
    {
        var tasks = new[]
        {
            Task("late", Now.AddHours(-1), overdue: true),
            Task("tonight", Now.AddHours(13)),
            Task("sunday", new DateTimeOffset(2026, 11, 29, 23, 0, 0, TimeSpan.Zero)),
            Task("next-monday", new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero)),
            Task("whenever", null),
        };

        Ids(new InboxFilter(Due: DueFilter.Overdue).Apply(tasks, Now)).ShouldBe(["late"]);
        Ids(new InboxFilter(Due: DueFilter.Today).Apply(tasks, Now)).ShouldBe(["late", "tonight"]);
        Ids(new InboxFilter(Due: DueFilter.ThisWeek).Apply(tasks, Now)).ShouldBe(["late", "tonight", "sunday"]);
        Ids(new InboxFilter().Apply(tasks, Now)).Count.ShouldBe(5);
        InboxCounts.Of(tasks, "me@demo.local", Now).ShouldBe(new InboxCounts(Open: 5, Overdue: 1, DueToday: 1, Mine: 0));
    }

    [Fact]
    public void The_order_and_workflow_filters_match_part_of_the_correlation_id_and_the_exact_workflow()
    {
        var tasks = new[] { Task("a", null, correlationId: "order:SO-17", workflowId: "pick"), Task("b", null, correlationId: "order:SO-18", workflowId: "ship") };

        Ids(new InboxFilter(Search: "so-17").Apply(tasks, Now)).ShouldBe(["a"]);
        Ids(new InboxFilter(WorkflowId: "ship").Apply(tasks, Now)).ShouldBe(["b"]);
        Ids(new InboxFilter(WorkflowId: "ship", Search: "SO-17").Apply(tasks, Now)).ShouldBeEmpty();
    }

    [Fact]
    public void A_form_starts_from_its_prefill_sends_only_what_was_entered_and_places_the_servers_errors()
    {
        FormField[] fields =
        [
            new("shelf", FormFieldType.Dropdown) { Required = true, Options = ["A", "B"] },
            new("quantity", FormFieldType.Number) { Required = true },
            new("packedOn", FormFieldType.Date),
            new("materials", FormFieldType.MultipleChoice) { Options = ["Box", "Foam"] },
            new("fragile", FormFieldType.Checkbox),
            new("note", FormFieldType.Textarea),
        ];
        var form = new TaskFormModel(fields, new JsonObject { ["shelf"] = "B", ["quantity"] = 2, ["packedOn"] = "2026-11-24T08:00:00.0000000Z", ["materials"] = new JsonArray("Foam") });

        form.GetText("shelf").ShouldBe("B");
        form.GetNumber("quantity").ShouldBe(2m);
        form.GetText("packedOn").ShouldBe("2026-11-24");
        form.IsChosen("materials", "Foam").ShouldBeTrue();
        form.SetChosen("materials", "Box", true);
        form.SetText("note", "  ");
        form.ToJson().ToJsonString().ShouldBe("""{"shelf":"B","quantity":2,"packedOn":"2026-11-24","materials":["Box","Foam"],"fragile":false}""");

        form.ShowErrors([new ValidationError("data.shelf", "must be one of: A, B"), new ValidationError("data.shelf", "is required"), new ValidationError("data", "is required")]);
        form.ErrorFor("shelf").ShouldBe("Must be one of: A, B; is required");
        form.ErrorFor("quantity").ShouldBeNull();
        form.GeneralErrors.ShouldBe(["The form is required."]);
        TaskFormModel.LabelOf(new FormField("shelfLocation", FormFieldType.Text)).ShouldBe("Shelf location");
        TaskFormModel.Display(new JsonArray("Box", "Foam")).ShouldBe("Box, Foam");
        TaskFormModel.Display(JsonValue.Create(true)).ShouldBe("Yes");
    }

    [Fact]
    public void The_checklist_marks_done_waiting_and_not_reached_with_who_and_the_path_taken()
    {
        var definition = new WorkflowDefinition(1, "flow", "Flow",
            [new ActivityNode("start", "Start"), new ActivityNode("check", "UserTask") { Name = "Check" }, new ActivityNode("approve", "Approval"), new ActivityNode("end", "End")],
            [new Connection("start", "check"), new Connection("check", "approve"), new Connection("approve", "end") { Outcome = "Approved" }]);
        var at = Now;
        JournalEntryView Entry(long seq, JournalEventKind kind, string activity, string actor, string? outcome = null) =>
            new(seq, at.AddMinutes(seq), kind.ToString(), actor, activity, null, null, outcome, null, null, null);
        var instance = new InstanceDetails("i", "flow", 1, WorkflowStatus.Suspended, null, at, at, [], null, null,
            [new BookmarkView("b", "task:42", "approve", at.AddMinutes(6), null)], null,
            [
                Entry(1, JournalEventKind.ActivityStarted, "start", "system"), Entry(2, JournalEventKind.ActivityCompleted, "start", "system", "Done"),
                Entry(3, JournalEventKind.ActivityStarted, "check", "system"), Entry(4, JournalEventKind.ActivityResumed, "check", "ann@demo.local"),
                Entry(5, JournalEventKind.ActivityCompleted, "check", "ann@demo.local", "Done"), Entry(6, JournalEventKind.ActivityStarted, "approve", "ann@demo.local"),
                Entry(7, JournalEventKind.ActivitySuspended, "approve", "ann@demo.local"),
            ]);

        var steps = InstanceChecklist.Build(definition, instance).ToDictionary(s => s.ActivityId);

        steps["check"].ShouldSatisfyAllConditions(s => s.Status.ShouldBe(StepStatus.Done), s => s.By.ShouldBe("ann@demo.local"), s => s.At.ShouldBe(at.AddMinutes(5)));
        steps["start"].By.ShouldBeNull("nobody resumed it: it ran by itself");
        steps["approve"].ShouldSatisfyAllConditions(s => s.Status.ShouldBe(StepStatus.Waiting), s => s.WaitingFor.ShouldBe(["task:42"]));
        steps["end"].Status.ShouldBe(StepStatus.NotReached);
        InstanceChecklist.TakenEdges(definition, instance).ShouldBe(["start|Done|check", "check|Done|approve"], ignoreOrder: true);
    }

    [Fact]
    public void Nodes_without_positions_are_laid_out_in_layers_below_the_positioned_ones_and_loops_do_not_push_them_right()
    {
        var definition = new WorkflowDefinition(1, "flow", "Flow",
            [
                new ActivityNode("start", "Start") { Position = new Position(100, 50) },
                new ActivityNode("work", "UserTask"),
                new ActivityNode("check", "Decision"),
                new ActivityNode("end", "End"),
            ],
            [new Connection("start", "work"), new Connection("work", "check"), new Connection("check", "work") { Outcome = "False" }, new Connection("check", "end") { Outcome = "True" }]);

        var boxes = GraphLayout.Place(definition);

        boxes["start"].ShouldBe(new GraphBox(24, 24));
        boxes["work"].X.ShouldBeLessThan(boxes["check"].X);
        boxes["check"].X.ShouldBeLessThan(boxes["end"].X);
        boxes.Where(b => b.Key != "start").ShouldAllBe(b => b.Value.Y > boxes["start"].Y + GraphBox.Height);
    }

    private static List<string> Ids(IEnumerable<HumanTaskView> tasks) => tasks.Select(t => t.Id).ToList();

    private static HumanTaskView Task(string id, DateTimeOffset? due, bool overdue = false, string? correlationId = null, string workflowId = "pick") => new(
        id, "instance", workflowId, "activity", HumanTaskKind.Task, id, null, "Warehouse Staff", null, HumanTaskStatus.Open, TaskPriority.Normal,
        due, overdue, Now.AddDays(-1), correlationId, 1, new TaskForm([]), ["Done"], null, null, null, null, null, null, null);
}
