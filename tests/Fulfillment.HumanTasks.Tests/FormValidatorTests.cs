using System.Text.Json.Nodes;
using Fulfillment.HumanTasks.Forms;
using Fulfillment.Workflows.Definitions;

namespace Fulfillment.HumanTasks.Tests;

public sealed class FormValidatorTests
{
    private static readonly string[] Sizes = ["S", "M", "L"];
    private static readonly string[] Extras = ["GiftWrap", "Message", "Insurance"];

    /// <summary>A one-field form named <c>f</c> of the given type (choices get <see cref="Sizes"/> or <see cref="Extras"/>).</summary>
    private static FormField Field(FormFieldType type, bool required = false) => new("f", type)
    {
        Required = required,
        Options = type switch
        {
            FormFieldType.Dropdown => Sizes,
            FormFieldType.MultipleChoice => Extras,
            _ => null,
        },
    };

    /// <summary>Validates <c>{"f": json}</c>, or <c>{}</c> when <paramref name="json"/> is null.</summary>
    private static IReadOnlyList<ValidationError> ValidateOne(FormField field, string? json, out JsonObject normalized)
    {
        var data = new JsonObject();
        if (json is not null)
        {
            data["f"] = JsonNode.Parse(json);
        }

        return FormValidator.Validate([field], data, out normalized);
    }

    private static string Describe(IReadOnlyList<ValidationError> errors) => string.Join(" | ", errors);

    [Theory]
    [InlineData(FormFieldType.Text, "\"hello\"", "\"hello\"")]
    [InlineData(FormFieldType.Text, "\"  padded  \"", "\"  padded  \"")]
    [InlineData(FormFieldType.Textarea, "\"line 1\\nline 2\"", "\"line 1\\nline 2\"")]
    [InlineData(FormFieldType.Number, "12.5", "12.5")]
    [InlineData(FormFieldType.Number, "-3", "-3")]
    [InlineData(FormFieldType.Number, "0", "0")]
    [InlineData(FormFieldType.Number, "\"12.5\"", "12.5")]
    [InlineData(FormFieldType.Number, "\" -7 \"", "-7")]
    [InlineData(FormFieldType.Number, "\"1e3\"", "1000")]
    [InlineData(FormFieldType.Date, "\"2024-02-29\"", "\"2024-02-29\"")]
    [InlineData(FormFieldType.Date, "\"2024-05-01T10:30:00+02:00\"", "\"2024-05-01T08:30:00.0000000Z\"")]
    [InlineData(FormFieldType.Date, "\"2024-05-01T10:30:00Z\"", "\"2024-05-01T10:30:00.0000000Z\"")]
    [InlineData(FormFieldType.Date, "\"2024-05-01T10:30\"", "\"2024-05-01T10:30:00.0000000Z\"")]
    [InlineData(FormFieldType.Date, "\"2024-05-01T23:15:07.25-05:00\"", "\"2024-05-02T04:15:07.2500000Z\"")]
    [InlineData(FormFieldType.Dropdown, "\"M\"", "\"M\"")]
    [InlineData(FormFieldType.MultipleChoice, "[\"Message\",\"GiftWrap\"]", "[\"Message\",\"GiftWrap\"]")]
    [InlineData(FormFieldType.MultipleChoice, "[]", "[]")]
    [InlineData(FormFieldType.Checkbox, "true", "true")]
    [InlineData(FormFieldType.Checkbox, "false", "false")]
    public void A_valid_value_is_accepted_and_normalised(FormFieldType type, string value, string expected)
    {
        var errors = ValidateOne(Field(type), value, out var normalized);

        errors.ShouldBeEmpty(Describe(errors));
        normalized.ToJsonString().ShouldBe($$"""{"f":{{expected}}}""");
    }

    [Theory]
    [InlineData(FormFieldType.Text, "42", "must be text")]
    [InlineData(FormFieldType.Text, "true", "must be text")]
    [InlineData(FormFieldType.Text, "[\"a\"]", "must be text")]
    [InlineData(FormFieldType.Textarea, "{\"a\":1}", "must be text")]
    [InlineData(FormFieldType.Number, "\"12,5\"", "must be a number")]
    [InlineData(FormFieldType.Number, "\"1,000\"", "must be a number")]
    [InlineData(FormFieldType.Number, "\"abc\"", "must be a number")]
    [InlineData(FormFieldType.Number, "\"NaN\"", "must be a number")]
    [InlineData(FormFieldType.Number, "\"Infinity\"", "must be a number")]
    [InlineData(FormFieldType.Number, "true", "must be a number")]
    [InlineData(FormFieldType.Number, "[1]", "must be a number")]
    [InlineData(FormFieldType.Date, "\"2024-02-30\"", "must be a date (yyyy-MM-dd)")]
    [InlineData(FormFieldType.Date, "\"2023-02-29\"", "must be a date (yyyy-MM-dd)")]
    [InlineData(FormFieldType.Date, "\"01/05/2024\"", "must be a date (yyyy-MM-dd)")]
    [InlineData(FormFieldType.Date, "\"2024-5-1\"", "must be a date (yyyy-MM-dd)")]
    [InlineData(FormFieldType.Date, "\"2024-05-01 10:30\"", "must be a date (yyyy-MM-dd)")]
    [InlineData(FormFieldType.Date, "\"2024-05-01T25:00\"", "must be a date (yyyy-MM-dd)")]
    [InlineData(FormFieldType.Date, "\"tomorrow\"", "must be a date (yyyy-MM-dd)")]
    [InlineData(FormFieldType.Date, "20240501", "must be a date (yyyy-MM-dd)")]
    [InlineData(FormFieldType.Dropdown, "\"XL\"", "must be one of: S, M, L")]
    [InlineData(FormFieldType.Dropdown, "\"m\"", "must be one of: S, M, L")]
    [InlineData(FormFieldType.Dropdown, "\" M\"", "must be one of: S, M, L")]
    [InlineData(FormFieldType.Dropdown, "1", "must be one of: S, M, L")]
    [InlineData(FormFieldType.Dropdown, "[\"M\"]", "must be one of: S, M, L")]
    [InlineData(FormFieldType.MultipleChoice, "\"GiftWrap\"", "must be a list of values from: GiftWrap, Message, Insurance")]
    [InlineData(FormFieldType.MultipleChoice, "[1]", "must be a list of values from: GiftWrap, Message, Insurance")]
    [InlineData(FormFieldType.MultipleChoice, "[null]", "must be a list of values from: GiftWrap, Message, Insurance")]
    [InlineData(FormFieldType.MultipleChoice, "[\"Gold\"]", "'Gold' is not one of: GiftWrap, Message, Insurance")]
    [InlineData(FormFieldType.MultipleChoice, "[\"giftwrap\"]", "'giftwrap' is not one of: GiftWrap, Message, Insurance")]
    [InlineData(FormFieldType.MultipleChoice, "[\"GiftWrap\",\"GiftWrap\"]", "'GiftWrap' is chosen more than once")]
    [InlineData(FormFieldType.Checkbox, "\"true\"", "must be true or false")]
    [InlineData(FormFieldType.Checkbox, "1", "must be true or false")]
    [InlineData(FormFieldType.Checkbox, "\"\"", "must be true or false")]
    public void An_invalid_value_is_reported_at_its_field(FormFieldType type, string value, string message)
    {
        var errors = ValidateOne(Field(type), value, out var normalized);

        errors.ShouldBe([new ValidationError("data.f", message)]);
        normalized.ContainsKey("f").ShouldBeFalse();
    }

    [Theory]
    [InlineData(FormFieldType.Text, 1_000, true)]
    [InlineData(FormFieldType.Text, 1_001, false)]
    [InlineData(FormFieldType.Textarea, 10_000, true)]
    [InlineData(FormFieldType.Textarea, 10_001, false)]
    public void Text_length_is_limited(FormFieldType type, int length, bool valid)
    {
        var errors = ValidateOne(Field(type), $"\"{new string('x', length)}\"", out _);

        if (valid)
        {
            errors.ShouldBeEmpty(Describe(errors));
        }
        else
        {
            var max = type == FormFieldType.Text ? "1,000" : "10,000";
            errors.ShouldBe([new ValidationError("data.f", $"must be at most {max} characters")]);
        }
    }

    [Theory]
    [InlineData(FormFieldType.Text, null, "is required")]
    [InlineData(FormFieldType.Text, "null", "is required")]
    [InlineData(FormFieldType.Text, "\"\"", "is required")]
    [InlineData(FormFieldType.Text, "\"   \"", "is required")]
    [InlineData(FormFieldType.Textarea, "\"\\n\\t\"", "is required")]
    [InlineData(FormFieldType.Number, null, "is required")]
    [InlineData(FormFieldType.Number, "\"\"", "is required")]
    [InlineData(FormFieldType.Date, null, "is required")]
    [InlineData(FormFieldType.Date, "null", "is required")]
    [InlineData(FormFieldType.Dropdown, null, "is required")]
    [InlineData(FormFieldType.Dropdown, "\" \"", "is required")]
    [InlineData(FormFieldType.MultipleChoice, null, "is required")]
    [InlineData(FormFieldType.MultipleChoice, "[]", "is required")]
    [InlineData(FormFieldType.Checkbox, null, "must be checked")]
    [InlineData(FormFieldType.Checkbox, "null", "must be checked")]
    [InlineData(FormFieldType.Checkbox, "false", "must be checked")]
    public void A_required_field_without_a_value_is_reported(FormFieldType type, string? value, string message)
    {
        var errors = ValidateOne(Field(type, required: true), value, out _);

        errors.ShouldBe([new ValidationError("data.f", message)]);
    }

    [Theory]
    [InlineData(FormFieldType.Text, "\"x\"")]
    [InlineData(FormFieldType.Number, "0")]
    [InlineData(FormFieldType.Date, "\"2024-01-31\"")]
    [InlineData(FormFieldType.Dropdown, "\"S\"")]
    [InlineData(FormFieldType.MultipleChoice, "[\"Insurance\"]")]
    [InlineData(FormFieldType.Checkbox, "true")]
    public void A_required_field_with_a_value_passes(FormFieldType type, string value)
    {
        var errors = ValidateOne(Field(type, required: true), value, out var normalized);

        errors.ShouldBeEmpty(Describe(errors));
        normalized.ContainsKey("f").ShouldBeTrue();
    }

    [Theory]
    [InlineData(FormFieldType.Text, null)]
    [InlineData(FormFieldType.Text, "null")]
    [InlineData(FormFieldType.Text, "\" \"")]
    [InlineData(FormFieldType.Textarea, null)]
    [InlineData(FormFieldType.Number, null)]
    [InlineData(FormFieldType.Number, "\"\"")]
    [InlineData(FormFieldType.Date, "null")]
    [InlineData(FormFieldType.Date, "\"\"")]
    [InlineData(FormFieldType.Dropdown, null)]
    [InlineData(FormFieldType.MultipleChoice, null)]
    public void An_absent_optional_field_is_left_out(FormFieldType type, string? value)
    {
        var errors = ValidateOne(Field(type), value, out var normalized);

        errors.ShouldBeEmpty(Describe(errors));
        normalized.ToJsonString().ShouldBe("{}");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("null")]
    public void An_absent_optional_checkbox_is_false(string? value)
    {
        var errors = ValidateOne(Field(FormFieldType.Checkbox), value, out var normalized);

        errors.ShouldBeEmpty(Describe(errors));
        normalized.ToJsonString().ShouldBe("""{"f":false}""");
    }

    [Theory]
    [InlineData("colour", "data.colour")]
    [InlineData("F", "data.F")]
    [InlineData("first name", "data[\"first name\"]")]
    public void A_property_that_is_not_a_field_is_unknown(string property, string path)
    {
        var data = new JsonObject { ["f"] = "ok", [property] = "red" };

        var errors = FormValidator.Validate([Field(FormFieldType.Text)], data, out var normalized);

        errors.ShouldBe([new ValidationError(path, "Unknown field")]);
        normalized.ContainsKey(property).ShouldBeFalse();
    }

    private static readonly FormField[] OrderForm =
    [
        new("customer", FormFieldType.Text) { Required = true },
        new("notes", FormFieldType.Textarea),
        new("quantity", FormFieldType.Number) { Required = true },
        new("shipOn", FormFieldType.Date),
        new("size", FormFieldType.Dropdown) { Options = Sizes, Required = true },
        new("extras", FormFieldType.MultipleChoice) { Options = Extras },
        new("giftReceipt", FormFieldType.Checkbox),
        new("terms", FormFieldType.Checkbox) { Required = true },
    ];

    [Fact]
    public void Every_problem_is_reported_not_just_the_first()
    {
        var data = JsonNode.Parse("""
            {
              "quantity": "a dozen",
              "shipOn": "next week",
              "size": "XL",
              "extras": ["Message", "Gold", "Message"],
              "terms": false,
              "coupon": "FREE"
            }
            """)!.AsObject();

        var errors = FormValidator.Validate(OrderForm, data, out _);

        errors.ShouldBe(
        [
            new("data.customer", "is required"),
            new("data.quantity", "must be a number"),
            new("data.shipOn", "must be a date (yyyy-MM-dd)"),
            new("data.size", "must be one of: S, M, L"),
            new("data.extras", "'Gold' is not one of: GiftWrap, Message, Insurance"),
            new("data.extras", "'Message' is chosen more than once"),
            new("data.terms", "must be checked"),
            new("data.coupon", "Unknown field"),
        ]);
    }

    [Fact]
    public void A_valid_submission_is_normalised_in_field_order()
    {
        var data = JsonNode.Parse("""
            {
              "terms": true,
              "size": "L",
              "quantity": "12.5",
              "customer": "Ada",
              "shipOn": "2024-06-01T09:00:00+02:00",
              "notes": ""
            }
            """)!.AsObject();
        var before = data.ToJsonString();

        var errors = FormValidator.Validate(OrderForm, data, out var normalized);

        errors.ShouldBeEmpty(Describe(errors));
        normalized.ToJsonString().ShouldBe(
            """{"customer":"Ada","quantity":12.5,"shipOn":"2024-06-01T07:00:00.0000000Z","size":"L","giftReceipt":false,"terms":true}""");
        data.ToJsonString().ShouldBe(before);
    }

    [Fact]
    public void Missing_data_is_one_error_when_a_field_is_required()
    {
        var errors = FormValidator.Validate(OrderForm, null, out _);

        errors.ShouldBe([new ValidationError("data", "is required")]);
    }

    [Fact]
    public void Missing_data_is_fine_when_nothing_is_required()
    {
        FormField[] form = [new("notes", FormFieldType.Text), new("urgent", FormFieldType.Checkbox)];

        var errors = FormValidator.Validate(form, null, out var normalized);

        errors.ShouldBeEmpty(Describe(errors));
        normalized.ToJsonString().ShouldBe("""{"urgent":false}""");
    }

    [Fact]
    public void Values_built_in_code_are_validated_like_parsed_ones()
    {
        FormField[] form =
        [
            new("quantity", FormFieldType.Number),
            new("price", FormFieldType.Number),
            new("when", FormFieldType.Date),
            new("agree", FormFieldType.Checkbox),
        ];
        var data = new JsonObject
        {
            ["quantity"] = 3,
            ["price"] = double.NaN,
            ["when"] = new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc),
            ["agree"] = true,
        };

        var errors = FormValidator.Validate(form, data, out var normalized);

        errors.ShouldBe([new ValidationError("data.price", "must be a number")]);
        normalized["quantity"]!.GetValue<int>().ShouldBe(3);
        normalized["when"]!.GetValue<string>().ShouldBe("2024-05-01T10:00:00.0000000Z");
    }

    // ----- ValidateDefinition -----

    private const string FormPath = "$.activities[2].inputs.form";

    [Fact]
    public void A_well_formed_form_definition_has_no_errors()
    {
        FormField[] form =
        [
            .. OrderForm,
            new("_internal", FormFieldType.Text),
            new("line2", FormFieldType.Text) { Options = [] },
        ];

        FormValidator.ValidateDefinition(form, FormPath).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("", FormFieldType.Text, null, "[0].name", "is required")]
    [InlineData("  ", FormFieldType.Text, null, "[0].name", "is required")]
    [InlineData("1st", FormFieldType.Text, null, "[0].name", "must start with a letter or _ and contain only letters, digits and _")]
    [InlineData("first name", FormFieldType.Text, null, "[0].name", "must start with a letter or _ and contain only letters, digits and _")]
    [InlineData("ship-to", FormFieldType.Text, null, "[0].name", "must start with a letter or _ and contain only letters, digits and _")]
    [InlineData("a.b", FormFieldType.Text, null, "[0].name", "must start with a letter or _ and contain only letters, digits and _")]
    [InlineData("size", FormFieldType.Dropdown, null, "[0].options", "needs at least one option")]
    [InlineData("size", FormFieldType.Dropdown, "", "[0].options", "needs at least one option")]
    [InlineData("extras", FormFieldType.MultipleChoice, null, "[0].options", "needs at least one option")]
    [InlineData("size", FormFieldType.Dropdown, "S|M|S", "[0].options[2]", "'S' is listed more than once")]
    [InlineData("extras", FormFieldType.MultipleChoice, "A| ", "[0].options[1]", "must not be empty")]
    [InlineData("note", FormFieldType.Text, "A", "[0].options", "a Text field has no options")]
    [InlineData("agree", FormFieldType.Checkbox, "Yes|No", "[0].options", "a Checkbox field has no options")]
    [InlineData("when", FormFieldType.Date, "today", "[0].options", "a Date field has no options")]
    public void A_malformed_field_definition_is_reported(string name, FormFieldType type, string? options, string at, string message)
    {
        // options: null = none given, "" = an empty list, else '|'-separated.
        FormField field = new(name, type) { Options = options is null ? null : options.Length == 0 ? [] : options.Split('|') };

        var errors = FormValidator.ValidateDefinition([field], FormPath);

        errors.ShouldBe([new ValidationError(FormPath + at, message)]);
    }

    [Fact]
    public void Field_names_must_be_unique()
    {
        FormField[] form =
        [
            new("amount", FormFieldType.Number),
            new("note", FormFieldType.Text),
            new("amount", FormFieldType.Text),
            new("Amount", FormFieldType.Text),
        ];

        var errors = FormValidator.ValidateDefinition(form, FormPath);

        errors.ShouldBe([new ValidationError($"{FormPath}[2].name", "'amount' is used by another field")]);
    }

    [Fact]
    public void Every_definition_problem_is_reported()
    {
        FormField[] form =
        [
            new("ok", FormFieldType.Text),
            new("bad name", FormFieldType.Dropdown),
            null!,
            new("kind", (FormFieldType)99),
            new("ok", FormFieldType.Number) { Options = ["1"] },
        ];

        var errors = FormValidator.ValidateDefinition(form, "form");

        errors.ShouldBe(
        [
            new("form[1].name", "must start with a letter or _ and contain only letters, digits and _"),
            new("form[1].options", "needs at least one option"),
            new("form[2]", "must be a field"),
            new("form[3].type", "is not a known field type"),
            new("form[4].name", "'ok' is used by another field"),
            new("form[4].options", "a Number field has no options"),
        ]);
    }
}
