using Fulfillment.Workflows.Definitions;
using Fulfillment.Workflows.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Fulfillment.Workflows.Tests;

public sealed class DefinitionLoadingTests : IAsyncLifetime
{
    private EngineHost _host = null!;

    public async Task InitializeAsync() => _host = await EngineHost.CreateAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private const string Valid = """
        {
          "schemaVersion": 1, "id": "valid", "name": "Valid",
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "w", "type": "WaitForEvent", "inputs": { "key": "k" } }
          ],
          "connections": [ { "from": "start", "to": "w" } ]
        }
        """;

    private ValidationError SingleError(string json)
    {
        var errors = _host.Definitions.Validate(json);
        return errors.ShouldHaveSingleItem($"Expected one error, got: {string.Join("; ", errors)}");
    }

    [Fact]
    public void A_valid_definition_has_no_errors() =>
        _host.Definitions.Validate(Valid).ShouldBeEmpty();

    [Theory]
    [InlineData("""{ "schemaVersion": 1, "id": "a", "name": "A", "colour": "red", "activities": [ { "id": "start", "type": "Start" } ], "connections": [] }""", "$.colour", "colour")]
    [InlineData("""{ "schemaVersion": 1, "id": "a", "name": "A", "activities": [ { "id": "start", "type": "Start" }, { "id": "e", "type": "End", "colour": "red" } ], "connections": [] }""", "$.activities[1].colour", "colour")]
    [InlineData("""{ "schemaVersion": 1, "id": "a", "name": "A", "activities": [ { "id": "start", "type": "Start" } ], "connections": [ { "from": "start", "to": "start", "label": "x" } ] }""", "$.connections[0].label", "label")]
    public void An_unknown_property_is_an_error_at_its_path(string json, string path, string property)
    {
        var error = SingleError(json);

        error.Path.ShouldBe(path);
        error.Message.ShouldContain(property);
    }

    [Theory]
    [InlineData("""{ "schemaVersion": "one", "id": "a", "name": "A", "activities": [ { "id": "start", "type": "Start" } ], "connections": [] }""", "$.schemaVersion")]
    [InlineData("""{ "schemaVersion": 1, "id": "a", "name": "A", "activities": { "id": "start" }, "connections": [] }""", "$.activities")]
    [InlineData("""{ "schemaVersion": 1, "id": "a", "name": "A", "activities": [ { "id": "start", "type": "Start" }, { "id": "e", "type": "End", "inputs": [ 1 ] } ], "connections": [] }""", "$.activities[1].inputs")]
    [InlineData("""{ "schemaVersion": 1, "id": "a", "name": "A", "activities": [ { "id": "start", "type": "Start", "position": { "x": "left", "y": 0 } } ], "connections": [] }""", "$.activities[0].position.x")]
    public void A_value_of_the_wrong_type_is_an_error_at_its_path(string json, string path)
    {
        var error = SingleError(json);

        error.Path.ShouldBe(path);
        error.Message.ShouldNotContain("Fulfillment.Workflows"); // no CLR namespaces in user-facing messages
        error.Message.ShouldContain("line 1");
    }

    // Found by the fuzzer: a property written twice inside an input value was stored as it came, so the
    // stored text itself had duplicate names, and a Switch case written so broke validation with a 500.
    [Theory]
    [InlineData("""{ "schemaVersion": 1, "id": "a", "id": "b", "name": "A", "activities": [ { "id": "start", "type": "Start" } ], "connections": [] }""", "$.id")]
    [InlineData("""{ "schemaVersion": 1, "id": "a", "name": "A", "activities": [ { "id": "start", "type": "Start" }, { "id": "e", "type": "End", "inputs": { "output": { "x": 1, "x": 2 } } } ], "connections": [ { "from": "start", "to": "e" } ] }""", "$.activities[1].inputs.output.x")]
    [InlineData("""{ "schemaVersion": 1, "id": "a", "name": "A", "activities": [ { "id": "start", "type": "Start" }, { "id": "s", "type": "Switch", "inputs": { "cases": [ { "label": "A", "condition": "true", "label": "B" } ] } } ], "connections": [ { "from": "start", "to": "s" } ] }""", "$.activities[1].inputs.cases[0].label")]
    public void A_property_written_twice_is_an_error_at_its_path(string json, string path)
    {
        var error = SingleError(json);

        error.Path.ShouldBe(path);
        error.Message.ShouldContain("more than once");
    }

    [Theory]
    [InlineData("""{ "schemaVersion": 1, "id": "a", "name": "A", "activities": [ { "id": "start", "type": "Start" }, { "id": "e" } ], "connections": [] }""", "$.activities[1]", "type")]
    [InlineData("""{ "schemaVersion": 1, "id": "a", "name": "A", "activities": [ { "id": "start", "type": "Start" } ], "connections": [ { "from": "start" } ] }""", "$.connections[0]", "to")]
    [InlineData("""{ "schemaVersion": 1, "id": "a", "activities": [ { "id": "start", "type": "Start" } ], "connections": [] }""", "$", "name")]
    [InlineData("""{ "schemaVersion": 1, "id": "a", "name": "A", "activities": [ { "id": "start", "type": null } ], "connections": [] }""", "$.activities[0].type", "null")]
    public void A_missing_required_property_is_an_error_naming_it_and_where(string json, string path, string property)
    {
        var error = SingleError(json);

        error.Path.ShouldBe(path);
        error.Message.ShouldContain($"{property}");
    }

    [Fact]
    public void An_unknown_activity_type_is_an_error_at_its_type()
    {
        var error = SingleError(Valid.Replace("\"WaitForEvent\"", "\"WaitForEvnet\"", StringComparison.Ordinal));

        error.Path.ShouldBe("$.activities[1].type");
        error.Message.ShouldContain("WaitForEvnet");
    }

    [Fact]
    public void A_connection_to_a_missing_activity_is_an_error_at_its_target()
    {
        var error = SingleError(Valid.Replace(
            "{ \"from\": \"start\", \"to\": \"w\" }",
            "{ \"from\": \"start\", \"to\": \"nowhere\" }, { \"from\": \"start\", \"to\": \"w\" }",
            StringComparison.Ordinal));

        error.Path.ShouldBe("$.connections[0].to");
        error.Message.ShouldContain("nowhere");
    }

    [Fact]
    public void A_connection_from_a_missing_activity_is_an_error_at_its_source()
    {
        var error = SingleError(Valid.Replace("\"connections\": [ ", "\"connections\": [ { \"from\": \"ghost\", \"to\": \"w\" }, ", StringComparison.Ordinal));

        error.Path.ShouldBe("$.connections[0].from");
        error.Message.ShouldContain("ghost");
    }

    [Fact]
    public void A_connection_from_an_outcome_the_activity_does_not_have_is_an_error_at_its_outcome()
    {
        var error = SingleError(Valid.Replace("{ \"from\": \"start\", \"to\": \"w\" }", "{ \"from\": \"start\", \"outcome\": \"Approved\", \"to\": \"w\" }", StringComparison.Ordinal));

        error.Path.ShouldBe("$.connections[0].outcome");
        error.Message.ShouldContain("Approved");
        error.Message.ShouldContain("Done"); // tells which outcomes exist
    }

    // Found by the fuzzer: cases that are not {label, condition} objects made validation answer 500.
    [Theory]
    [InlineData("""[ "not a case", 42 ]""")]
    [InlineData("""[ { "label": 7, "condition": "true" } ]""")]
    [InlineData("""[ [], null, { } ]""")]
    [InlineData("""[ { "label": "A", "condition": { "expr": "true" } } ]""")]
    public void Switch_cases_of_the_wrong_shape_are_an_error_at_the_cases(string cases)
    {
        var json = $$"""
            {
              "schemaVersion": 1, "id": "switch", "name": "Switch",
              "activities": [ { "id": "start", "type": "Start" }, { "id": "s", "type": "Switch", "inputs": { "cases": {{cases}} } } ],
              "connections": [ { "from": "start", "to": "s" }, { "from": "s", "outcome": "Default", "to": "start" } ]
            }
            """;

        var error = SingleError(json);

        error.Path.ShouldBe("$.activities[1].inputs.cases");
    }

    [Fact]
    public void A_Switch_connection_may_use_its_case_labels_and_Default_but_nothing_else()
    {
        var json = """
            {
              "schemaVersion": 1, "id": "switch", "name": "Switch",
              "activities": [
                { "id": "start", "type": "Start" },
                { "id": "s", "type": "Switch", "inputs": { "cases": [ { "label": "Big", "condition": "true" } ] } },
                { "id": "e", "type": "End" }
              ],
              "connections": [
                { "from": "start", "to": "s" },
                { "from": "s", "outcome": "Big", "to": "e" },
                { "from": "s", "outcome": "Default", "to": "e" },
                { "from": "s", "outcome": "Small", "to": "e" }
              ]
            }
            """;

        SingleError(json).Path.ShouldBe("$.connections[3].outcome");
    }

    [Fact]
    public void Two_Start_activities_are_an_error_at_the_activity_list()
    {
        var errors = _host.Definitions.Validate(Valid.Replace(
            "{ \"id\": \"start\", \"type\": \"Start\" },",
            "{ \"id\": \"start\", \"type\": \"Start\" }, { \"id\": \"start2\", \"type\": \"Start\" },",
            StringComparison.Ordinal));

        errors.ShouldContain(e => e.Path == "$.activities" && e.Message.Contains("exactly one Start", StringComparison.Ordinal));
    }

    [Fact]
    public void No_Start_activity_is_an_error_at_the_activity_list()
    {
        var errors = _host.Definitions.Validate(Valid.Replace("\"type\": \"Start\"", "\"type\": \"Fork\"", StringComparison.Ordinal));

        errors.ShouldContain(e => e.Path == "$.activities" && e.Message.Contains("exactly one Start", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{ "id": "w", "type": "WaitForEvent" }""", "$.activities[1].inputs.key")] // required input missing
    [InlineData("""{ "id": "w", "type": "WaitForEvent", "inputs": { "key": "k", "timeoutt": 1 } }""", "$.activities[1].inputs.timeoutt")] // unknown input
    [InlineData("""{ "id": "w", "type": "WaitForEvent", "inputs": { "key": { "nested": true } } }""", "$.activities[1].inputs.key")] // literal of the wrong type
    [InlineData("""{ "id": "w", "type": "Join", "inputs": { "mode": "Some" } }""", "$.activities[1].inputs.mode")] // not one of the options
    [InlineData("""{ "id": "w", "type": "WaitForEvent", "inputs": { "key": "k" }, "outputs": { "result": "x" } }""", "$.activities[1].outputs.result")] // unknown output
    [InlineData("""{ "id": "w", "type": "WaitForEvent", "inputs": { "key": "k" }, "outputs": { "payload": "not an identifier" } }""", "$.activities[1].outputs.payload")]
    public void Input_and_output_errors_are_reported_at_their_path(string activity, string path)
    {
        var json = Valid.Replace("""{ "id": "w", "type": "WaitForEvent", "inputs": { "key": "k" } }""", activity, StringComparison.Ordinal);

        SingleError(json).Path.ShouldBe(path);
    }

    [Fact]
    public void An_activity_that_cannot_be_reached_from_Start_is_an_error_at_the_activity()
    {
        var json = Valid.Replace("""{ "id": "w", "type": "WaitForEvent", "inputs": { "key": "k" } }""",
            """{ "id": "w", "type": "WaitForEvent", "inputs": { "key": "k" } }, { "id": "island", "type": "End" }""", StringComparison.Ordinal);

        var error = SingleError(json);
        error.Path.ShouldBe("$.activities[2]");
        error.Message.ShouldContain("island");
    }

    [Fact]
    public void Malformed_json_is_an_error_with_its_location()
    {
        var error = SingleError("{ \"schemaVersion\": 1, \"id\": \"a\", \"name\": \"A\",\n  \"activities\": [ { \"id\": \"start\" \"type\": \"Start\" } ], \"connections\": [] }");

        error.Path.ShouldStartWith("$.activities[0]");
        error.Message.ShouldContain("line 2");
    }

    [Fact]
    public async Task Comments_and_trailing_commas_are_accepted_in_hand_edited_files()
    {
        var stored = await _host.PublishAsync("""
            // Hand-edited: comments and trailing commas are fine.
            {
              "schemaVersion": 1,
              "id": "commented",
              "name": "Commented", /* inline comment */
              "activities": [
                { "id": "start", "type": "Start", },
                { "id": "w", "type": "WaitForEvent", "inputs": { "key": "k", }, }, // trailing commas
              ],
              "connections": [ { "from": "start", "to": "w", }, ],
            }
            """, "commented.json");

        stored.Version.ShouldBe(1);
        stored.IsPublished.ShouldBeTrue();
        (await _host.StartAsync("commented")).Status.ShouldBe(Runtime.WorkflowStatus.Suspended);
    }

    [Fact]
    public async Task Importing_an_invalid_file_names_the_file_and_stores_nothing()
    {
        var json = Valid.Replace("\"WaitForEvent\"", "\"Nope\"", StringComparison.Ordinal);

        var ex = await Should.ThrowAsync<WorkflowValidationException>(() => _host.PublishAsync(json, "workflows/order.json"));

        ex.SourceFile.ShouldBe("workflows/order.json");
        ex.Message.ShouldContain("workflows/order.json");
        ex.Message.ShouldContain("$.activities[1].type");
        ex.Errors.ShouldHaveSingleItem().Path.ShouldBe("$.activities[1].type");
        (await _host.QueryAsync(db => db.Definitions.CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task A_directory_import_skips_broken_files_names_them_and_imports_the_rest()
    {
        var directory = Path.Combine(_host.TempDirectory, "workflows");
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "a-good.json"), Valid);
        await File.WriteAllTextAsync(Path.Combine(directory, "b-broken.json"), Valid.Replace("\"id\": \"valid\"", "\"id\": \"broken\", \"oops\": 1", StringComparison.Ordinal));
        await File.WriteAllTextAsync(Path.Combine(directory, "c-bad-type.json"), Valid.Replace("\"id\": \"valid\"", "\"id\": \"bad-type\"", StringComparison.Ordinal).Replace("\"WaitForEvent\"", "\"Nope\"", StringComparison.Ordinal));
        await File.WriteAllTextAsync(Path.Combine(directory, "d-also-good.json"), Valid.Replace("\"id\": \"valid\"", "\"id\": \"also-valid\"", StringComparison.Ordinal));
        await File.WriteAllTextAsync(Path.Combine(directory, "notes.txt"), "not a workflow");

        var failures = await _host.Definitions.ImportDirectoryAsync(directory, CancellationToken.None);

        failures.Count.ShouldBe(2);
        var broken = failures.Single(f => f.SourceFile!.EndsWith("b-broken.json", StringComparison.Ordinal));
        broken.Message.ShouldContain("b-broken.json");
        broken.Errors.ShouldHaveSingleItem().Path.ShouldBe("$.oops");
        var badType = failures.Single(f => f.SourceFile!.EndsWith("c-bad-type.json", StringComparison.Ordinal));
        badType.Errors.ShouldHaveSingleItem().Path.ShouldBe("$.activities[1].type");

        (await _host.Definitions.GetPublishedAsync("valid", null, CancellationToken.None)).Version.ShouldBe(1);
        (await _host.Definitions.GetPublishedAsync("also-valid", null, CancellationToken.None)).Version.ShouldBe(1);
        await Should.ThrowAsync<Runtime.WorkflowNotFoundException>(() => _host.Definitions.GetPublishedAsync("broken", null, CancellationToken.None));
    }

    [Fact]
    public async Task A_directory_import_reports_a_file_with_an_expression_syntax_error_and_still_imports_the_rest()
    {
        var directory = Path.Combine(_host.TempDirectory, "workflows-expr");
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "a-bad-expression.json"),
            Valid.Replace("\"key\": \"k\"", "\"key\": { \"expr\": \"'order:' +\" }", StringComparison.Ordinal));
        await File.WriteAllTextAsync(Path.Combine(directory, "b-good.json"), Valid.Replace("\"id\": \"valid\"", "\"id\": \"good\"", StringComparison.Ordinal));

        var failures = await _host.Definitions.ImportDirectoryAsync(directory, CancellationToken.None);

        var failure = failures.ShouldHaveSingleItem();
        failure.SourceFile!.ShouldEndWith("a-bad-expression.json");
        failure.Errors.ShouldHaveSingleItem().Path.ShouldBe("$.activities[1].inputs.key.expr");
        (await _host.Definitions.GetPublishedAsync("good", null, CancellationToken.None)).Version.ShouldBe(1);
    }
}
