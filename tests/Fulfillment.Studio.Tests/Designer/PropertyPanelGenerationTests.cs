using System.Security.Claims;
using System.Text.Json.Nodes;
using Fulfillment.Server.Identity;
using Fulfillment.Server.Studio.Designer;
using Fulfillment.Server.Studio.Services;
using Fulfillment.Studio.Tests.Infrastructure;
using Fulfillment.Workflows.Definitions;
using Fulfillment.Workflows.Descriptors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace Fulfillment.Studio.Tests.Designer;

/// <summary>
/// How the property panel is generated from the activity descriptors, and how the validator's
/// errors find their activity and input; no browser needed.
/// </summary>
[Collection(StudioTestGroup.Name)]
public sealed class PropertyPanelGenerationTests(StudioFixture studio)
{
    private DesignerActivityTypes Types => studio.Server.Services.GetRequiredService<DesignerActivityTypes>();

    [Theory]
    [InlineData("SetVariable", "name", InputEditorKind.Text)]
    [InlineData("SetVariable", "value", InputEditorKind.Json)]
    [InlineData("Decision", "condition", InputEditorKind.Boolean)]
    [InlineData("Delay", "duration", InputEditorKind.Duration)]
    [InlineData("Timer", "until", InputEditorKind.DateTime)]
    [InlineData("Join", "mode", InputEditorKind.Options)]
    [InlineData("Switch", "cases", InputEditorKind.Cases)]
    [InlineData("Start", "schedule", InputEditorKind.Cron)]
    [InlineData("UserTask", "form", InputEditorKind.Form)]
    [InlineData("UserTask", "role", InputEditorKind.Role)]
    [InlineData("UserTask", "escalateTo", InputEditorKind.Role)]
    [InlineData("UserTask", "priority", InputEditorKind.Options)]
    [InlineData("UserTask", "description", InputEditorKind.Multiline)]
    [InlineData("UserTask", "businessDays", InputEditorKind.Boolean)]
    [InlineData("Approval", "approverRole", InputEditorKind.Role)]
    [InlineData("Approval", "submits", InputEditorKind.TaskList)]
    public void Each_built_in_input_gets_the_editor_its_descriptor_asks_for(string type, string input, InputEditorKind expected)
    {
        var descriptor = Types.Find(type).ShouldNotBeNull();

        InputEditors.For(descriptor.Inputs.Single(i => i.Name == input)).ShouldBe(expected);
    }

    [Fact]
    public void Every_input_of_every_registered_type_has_an_editor_and_only_cron_refuses_expressions()
    {
        var inputs = Types.All.SelectMany(d => d.Inputs).ToList();

        inputs.ShouldNotBeEmpty();
        inputs.ShouldAllBe(i => Enum.IsDefined(InputEditors.For(i)));
        inputs.Where(i => !InputEditors.AllowsExpression(i)).Select(i => i.Name).ShouldBe(["schedule"]);
    }

    [Fact]
    public void A_custom_activity_s_inputs_render_from_type_options_and_ui_hint()
    {
        InputEditors.For(new InputDescriptor("attempts", "integer", Required: false)).ShouldBe(InputEditorKind.WholeNumber);
        InputEditors.For(new InputDescriptor("weight", "number", Required: false)).ShouldBe(InputEditorKind.Number);
        InputEditors.For(new InputDescriptor("tags", "string[]", Required: false)).ShouldBe(InputEditorKind.StringList);
        InputEditors.For(new InputDescriptor("carrier", "string", Required: true) { Options = ["Simulated", "Express"] }).ShouldBe(InputEditorKind.Options);
        InputEditors.For(new InputDescriptor("note", "string", Required: false) { UIHint = "multiline" }).ShouldBe(InputEditorKind.Multiline);
        InputEditors.For(new InputDescriptor("reviewer", "string", Required: false) { UIHint = "role" }).ShouldBe(InputEditorKind.Role);
        InputEditors.For(new InputDescriptor("address", "object", Required: false)).ShouldBe(InputEditorKind.Json);
    }

    [Fact]
    public void Validation_errors_land_on_their_activity_and_input()
    {
        var document = DesignerDocument.Parse("""
            { "schemaVersion": 1, "id": "w", "name": "W",
              "activities": [ { "id": "start", "type": "Start" }, { "id": "wait", "type": "WaitForEvent" }, { "id": "check", "type": "Decision" } ],
              "connections": [ { "from": "start", "to": "wait" }, { "from": "wait", "outcome": "Nope", "to": "check" } ] }
            """);
        ValidationError[] errors =
        [
            new("$.activities[1].inputs.key", "Input 'key' is required."),
            new("$.activities[2].inputs.condition.expr", "Expression `a >` failed"),
            new("$.connections[1].outcome", "'wait' (WaitForEvent) has no outcome 'Nope'."),
            new("$.activities[2]", "Activity 'check' cannot be reached from Start."),
            new("$.name", "The name is required."),
        ];

        var problems = DesignerProblems.Locate(errors, document);

        problems.Select(p => (p.ActivityId, p.InputName)).ShouldBe(
        [
            ("wait", "key"),
            ("check", "condition"),
            ("wait", null),
            ("check", null),
            (null, null),
        ]);
        var byActivity = DesignerProblems.ByActivity(problems);
        byActivity.Keys.Order().ShouldBe(["check", "wait"]);
        byActivity["wait"].ShouldBe(["Input 'key' is required.", "'wait' (WaitForEvent) has no outcome 'Nope'."]);
    }

    [Fact]
    public void A_switch_has_one_outcome_per_case_plus_default_and_other_types_have_their_descriptor_s()
    {
        var lane = (JsonObject)JsonNode.Parse("""
            { "id": "lane", "type": "Switch", "inputs": { "cases": [ { "label": "Express", "condition": "express" }, { "label": "Review", "condition": "total > 500" } ] } }
            """)!;
        var halfTyped = (JsonObject)JsonNode.Parse("""{ "id": "lane", "type": "Switch", "inputs": { "cases": [ { "label": 42 } ] } }""")!;
        var approval = (JsonObject)JsonNode.Parse("""{ "id": "ok", "type": "Approval" }""")!;

        Types.OutcomesOf(lane).ShouldBe(["Express", "Review", "Default"]);
        Types.DynamicOutcomes(halfTyped).ShouldBe(["Default"]);
        Types.DynamicOutcomes(approval).ShouldBeNull();
        Types.OutcomesOf(approval).ShouldBe(["Approved", "Rejected"]);
    }

    [Fact]
    public void The_expression_toggle_keeps_a_value_that_is_plain_json()
    {
        InputValues.ToExpressionCode(JsonValue.Create("P2D")).ShouldBe("\"P2D\"");
        InputValues.ToExpressionCode(JsonNode.Parse("""{"a":1}""")).ShouldBe("""({"a":1})""");
        InputValues.ToLiteral("\"P2D\"")!.GetValue<string>().ShouldBe("P2D");
        InputValues.ToLiteral("""({"a":1})""")!.ToJsonString().ShouldBe("""{"a":1}""");
        InputValues.ToLiteral("'P2D'").ShouldBeNull();
        InputValues.IsExpression(InputValues.Expression("total > 1"), out var code).ShouldBeTrue();
        code.ShouldBe("total > 1");
        InputValues.LinesToArray("a\n\n b \n")!.ToJsonString().ShouldBe("""["a","b"]""");
        InputValues.LinesToArray("  ").ShouldBeNull();
    }

    [Fact]
    public async Task Saving_and_publishing_from_the_designer_demand_the_editor_policy()
    {
        await using var scope = studio.Server.Services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var staff = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, Roles.WarehouseStaff)], authenticationType: "Test"));
        var catalog = new WorkflowCatalog(
            provider.GetRequiredService<IWorkflowDefinitionStore>(),
            provider.GetRequiredService<WorkflowDefinitionService>(),
            new SignedIn(staff),
            provider.GetRequiredService<IAuthorizationService>());

        await Should.ThrowAsync<UnauthorizedAccessException>(() => catalog.SaveDraftAsync("payment-confirmation", "{}", CancellationToken.None));
        await Should.ThrowAsync<UnauthorizedAccessException>(() => catalog.PublishAsync("payment-confirmation", CancellationToken.None));
    }

    private sealed class SignedIn(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }
}
