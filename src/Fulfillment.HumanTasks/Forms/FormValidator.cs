using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Fulfillment.Workflows.Definitions;

namespace Fulfillment.HumanTasks.Forms;

/// <summary>
/// Server-side validation of task forms: of the data a user submits (<see cref="Validate"/>) and of
/// a form as written in a workflow definition (<see cref="ValidateDefinition"/>).
/// </summary>
public static partial class FormValidator
{
    /// <summary>Longest accepted <see cref="FormFieldType.Text"/> value, in characters.</summary>
    public const int TextMaxLength = 1_000;

    /// <summary>Longest accepted <see cref="FormFieldType.Textarea"/> value, in characters.</summary>
    public const int TextareaMaxLength = 10_000;

    /// <summary>
    /// Validates submitted form data against the form's fields and returns every problem found
    /// (an empty list when the data is valid).
    /// </summary>
    /// <remarks>
    /// <para>Errors are located as <c>data.&lt;fieldName&gt;</c>; when <paramref name="data"/> is
    /// <see langword="null"/> but some field is required, a single error at <c>data</c> is reported.
    /// Properties of <paramref name="data"/> that are not fields are errors ("Unknown field"); names
    /// are compared ordinally (case-sensitive).</para>
    /// <para>A value that is <see langword="null"/> or (except for checkboxes) a blank (empty or
    /// whitespace-only) string counts as absent. A required field that is absent, or a required multiple-choice field with an empty
    /// array, "is required"; a required checkbox must be <see langword="true"/> ("must be checked").</para>
    /// <para>Per type: Text and Textarea take a string of at most <see cref="TextMaxLength"/> and
    /// <see cref="TextareaMaxLength"/> characters; Number takes a JSON number or a numeric string in
    /// the invariant culture (e.g. <c>"12.5"</c>), normalised to a number; Date takes
    /// <c>yyyy-MM-dd</c> (normalised to itself) or an ISO 8601 date-time
    /// <c>yyyy-MM-ddTHH:mm[:ss[.fffffff]][Z|±HH:mm]</c> (no offset means UTC), normalised to the
    /// round-trip format in UTC (<c>2024-05-01T08:30:00.0000000Z</c>); Dropdown takes a string equal
    /// (ordinal) to one of the options; MultipleChoice takes an array of distinct strings, each one of
    /// the options, kept in the submitted order; Checkbox takes a boolean.</para>
    /// </remarks>
    /// <param name="fields">The form. When two fields share a name, the first one counts.</param>
    /// <param name="data">The submitted data, a JSON object keyed by field name.</param>
    /// <param name="normalized">
    /// The valid values in field order, normalised as described; absent optional fields are left
    /// out, except checkboxes, which default to <see langword="false"/>. Only meaningful when no
    /// errors are returned (invalid values are left out).
    /// </param>
    public static IReadOnlyList<ValidationError> Validate(IReadOnlyList<FormField> fields, JsonObject? data, out JsonObject normalized)
    {
        ArgumentNullException.ThrowIfNull(fields);

        var errors = new List<ValidationError>();
        normalized = [];

        var known = new Dictionary<string, FormField>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            if (field is not null && field.Name is not null)
            {
                known.TryAdd(field.Name, field);
            }
        }

        if (data is null && known.Values.Any(f => f.Required))
        {
            errors.Add(new ValidationError("data", "is required"));
            return errors;
        }

        foreach (var field in known.Values)
        {
            var path = PathOf(field.Name);
            JsonNode? value = null;
            data?.TryGetPropertyValue(field.Name, out value);

            if (IsAbsent(value, field.Type))
            {
                if (field.Required)
                {
                    errors.Add(new ValidationError(path, field.Type == FormFieldType.Checkbox ? "must be checked" : "is required"));
                }
                else if (field.Type == FormFieldType.Checkbox)
                {
                    normalized[field.Name] = false;
                }

                continue;
            }

            var result = ValidateValue(field, value!, path, errors);
            if (result is not null)
            {
                normalized[field.Name] = result;
            }
        }

        if (data is not null)
        {
            foreach (var property in data)
            {
                if (!known.ContainsKey(property.Key))
                {
                    errors.Add(new ValidationError(PathOf(property.Key), "Unknown field"));
                }
            }
        }

        return errors;
    }

    /// <summary>
    /// Checks a form as written in a workflow definition and returns every problem found.
    /// </summary>
    /// <remarks>
    /// Rules: each field is present; its name is non-empty, unique (ordinal) and identifier-like
    /// (ASCII letters, digits and <c>_</c>, starting with a letter or <c>_</c>); its type is known;
    /// Dropdown and MultipleChoice have at least one option, and their options are non-blank and
    /// unique (ordinal); other types have no options. Errors are located as
    /// <c>{path}[i]</c>, <c>{path}[i].name</c>, <c>{path}[i].type</c>, <c>{path}[i].options</c> and
    /// <c>{path}[i].options[j]</c>.
    /// </remarks>
    /// <param name="fields">The form's fields; <see langword="null"/> is treated as an empty form.</param>
    /// <param name="path">Where the fields sit in the definition, e.g. <c>$.activities[3].inputs.form</c>.</param>
    public static IReadOnlyList<ValidationError> ValidateDefinition(IReadOnlyList<FormField> fields, string path)
    {
        ArgumentNullException.ThrowIfNull(path);

        var errors = new List<ValidationError>();
        if (fields is null)
        {
            return errors;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Count; i++)
        {
            var at = $"{path}[{i}]";
            var field = fields[i];
            if (field is null)
            {
                errors.Add(new ValidationError(at, "must be a field"));
                continue;
            }

            if (string.IsNullOrWhiteSpace(field.Name))
            {
                errors.Add(new ValidationError($"{at}.name", "is required"));
            }
            else if (!IsIdentifier(field.Name))
            {
                errors.Add(new ValidationError($"{at}.name", "must start with a letter or _ and contain only letters, digits and _"));
            }
            else if (!names.Add(field.Name))
            {
                errors.Add(new ValidationError($"{at}.name", $"'{field.Name}' is used by another field"));
            }

            if (!Enum.IsDefined(field.Type))
            {
                errors.Add(new ValidationError($"{at}.type", "is not a known field type"));
                continue;
            }

            var options = field.Options;
            if (field.Type is FormFieldType.Dropdown or FormFieldType.MultipleChoice)
            {
                if (options is null || options.Count == 0)
                {
                    errors.Add(new ValidationError($"{at}.options", "needs at least one option"));
                    continue;
                }

                var seen = new HashSet<string>(StringComparer.Ordinal);
                for (var j = 0; j < options.Count; j++)
                {
                    var option = options[j];
                    if (string.IsNullOrWhiteSpace(option))
                    {
                        errors.Add(new ValidationError($"{at}.options[{j}]", "must not be empty"));
                    }
                    else if (!seen.Add(option))
                    {
                        errors.Add(new ValidationError($"{at}.options[{j}]", $"'{option}' is listed more than once"));
                    }
                }
            }
            else if (options is { Count: > 0 })
            {
                errors.Add(new ValidationError($"{at}.options", $"a {field.Type} field has no options"));
            }
        }

        return errors;
    }

    private static JsonNode? ValidateValue(FormField field, JsonNode value, string path, List<ValidationError> errors)
    {
        switch (field.Type)
        {
            case FormFieldType.Text:
            case FormFieldType.Textarea:
                {
                    var max = field.Type == FormFieldType.Text ? TextMaxLength : TextareaMaxLength;
                    if (!TryGetString(value, out var text))
                    {
                        errors.Add(new ValidationError(path, "must be text"));
                        return null;
                    }

                    if (text.Length > max)
                    {
                        errors.Add(new ValidationError(path, $"must be at most {max.ToString("N0", CultureInfo.InvariantCulture)} characters"));
                        return null;
                    }

                    return JsonValue.Create(text);
                }

            case FormFieldType.Number:
                {
                    var number = NormalizeNumber(value);
                    if (number is null)
                    {
                        errors.Add(new ValidationError(path, "must be a number"));
                    }

                    return number;
                }

            case FormFieldType.Date:
                {
                    var date = TryGetString(value, out var text) ? NormalizeDate(text) : null;
                    if (date is null)
                    {
                        errors.Add(new ValidationError(path, "must be a date (yyyy-MM-dd)"));
                        return null;
                    }

                    return JsonValue.Create(date);
                }

            case FormFieldType.Dropdown:
                {
                    var options = field.Options ?? [];
                    if (!TryGetString(value, out var text) || !options.Contains(text, StringComparer.Ordinal))
                    {
                        errors.Add(new ValidationError(path, $"must be one of: {string.Join(", ", options)}"));
                        return null;
                    }

                    return JsonValue.Create(text);
                }

            case FormFieldType.MultipleChoice:
                return ValidateChoices(field, value, path, errors);

            case FormFieldType.Checkbox:
                if (value.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
                {
                    var isChecked = value.GetValue<bool>();
                    if (field.Required && !isChecked)
                    {
                        errors.Add(new ValidationError(path, "must be checked"));
                        return null;
                    }

                    return JsonValue.Create(isChecked);
                }

                errors.Add(new ValidationError(path, "must be true or false"));
                return null;

            default:
                errors.Add(new ValidationError(path, "has an unknown field type"));
                return null;
        }
    }

    private static JsonArray? ValidateChoices(FormField field, JsonNode value, string path, List<ValidationError> errors)
    {
        var options = field.Options ?? [];
        var optionList = string.Join(", ", options);
        if (value is not JsonArray array)
        {
            errors.Add(new ValidationError(path, $"must be a list of values from: {optionList}"));
            return null;
        }

        if (array.Count == 0 && field.Required)
        {
            errors.Add(new ValidationError(path, "is required"));
            return null;
        }

        var chosen = new HashSet<string>(StringComparer.Ordinal);
        var result = new JsonArray();
        var valid = true;
        foreach (var item in array)
        {
            if (item is null || !TryGetString(item, out var text))
            {
                errors.Add(new ValidationError(path, $"must be a list of values from: {optionList}"));
                valid = false;
            }
            else if (!options.Contains(text, StringComparer.Ordinal))
            {
                errors.Add(new ValidationError(path, $"'{text}' is not one of: {optionList}"));
                valid = false;
            }
            else if (!chosen.Add(text))
            {
                errors.Add(new ValidationError(path, $"'{text}' is chosen more than once"));
                valid = false;
            }
            else
            {
                result.Add(text);
            }
        }

        return valid ? result : null;
    }

    private static JsonValue? NormalizeNumber(JsonNode value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.Number:
                // Values built in code may hold a non-finite double, which JSON cannot carry.
                if (value is JsonValue v && v.TryGetValue<double>(out var d) && !double.IsFinite(d))
                {
                    return null;
                }

                return (JsonValue)value.DeepClone();

            case JsonValueKind.String when TryGetString(value, out var text):
                const NumberStyles Styles = NumberStyles.Float;
                if (decimal.TryParse(text, Styles, CultureInfo.InvariantCulture, out var m))
                {
                    return JsonValue.Create(m);
                }

                // Beyond decimal's range (e.g. "1e40"); double.TryParse also accepts "NaN"/"Infinity".
                if (double.TryParse(text, Styles, CultureInfo.InvariantCulture, out var big) && double.IsFinite(big))
                {
                    return JsonValue.Create(big);
                }

                return null;

            default:
                return null;
        }
    }

    private static string? NormalizeDate(string text)
    {
        if (PlainDate().IsMatch(text))
        {
            return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : null;
        }

        if (DateTimeShape().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment))
        {
            return moment.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        }

        return null;
    }

    /// <summary>Null, or (except for checkboxes, which take only booleans) a blank string.</summary>
    private static bool IsAbsent(JsonNode? value, FormFieldType type) =>
        value is null
        || (type != FormFieldType.Checkbox
            && value.GetValueKind() == JsonValueKind.String && TryGetString(value, out var text) && string.IsNullOrWhiteSpace(text));

    private static bool TryGetString(JsonNode node, out string text)
    {
        text = "";
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
        {
            return false;
        }

        // A value built in code may wrap a char, DateTime, Guid…: read it the way it would serialise.
        text = value.TryGetValue<string>(out var s) ? s : value.Deserialize<string>() ?? "";
        return true;
    }

    private static bool IsIdentifier(string name)
    {
        if (!(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>data.name</c> for identifier-like names, else <c>data["…"]</c> (JSON-escaped).</summary>
    private static string PathOf(string name) =>
        name.Length > 0 && IsIdentifier(name) ? $"data.{name}" : $"data[{JsonSerializer.Serialize(name)}]";

    [GeneratedRegex("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    private static partial Regex PlainDate();

    [GeneratedRegex("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,7})?)?(Z|[+-][0-9]{2}:[0-9]{2})?$")]
    private static partial Regex DateTimeShape();
}
