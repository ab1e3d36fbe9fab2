using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fulfillment.HumanTasks.Forms;
using Fulfillment.Workflows.Definitions;

namespace Fulfillment.Server.Studio.Pages.Inbox;

/// <summary>
/// The values of a task's form while someone fills it in, and the server's verdict on them. Values
/// are kept in the shape each input edits (text, number, date text, choices, checked) and turned into
/// the JSON the task service validates; its errors come back per field, keyed by field name.
/// </summary>
public sealed class TaskFormModel
{
    private const string DataPrefix = "data.";

    private readonly Dictionary<string, string?> _text = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal?> _numbers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _choices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _checked = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _errors = new(StringComparer.Ordinal);

    /// <param name="prefill">Earlier answers (a reopened task) to start from; values of the wrong shape are ignored.</param>
    public TaskFormModel(IReadOnlyList<FormField> fields, JsonObject? prefill)
    {
        ArgumentNullException.ThrowIfNull(fields);
        Fields = fields;
        foreach (var field in fields)
        {
            var value = prefill?[field.Name];
            switch (field.Type)
            {
                case FormFieldType.Number:
                    // Read from the JSON text: a value built in code (an int, a double) does not convert with TryGetValue<decimal>.
                    _numbers[field.Name] = value is JsonValue number && number.GetValueKind() == JsonValueKind.Number
                        && decimal.TryParse(number.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
                    break;
                case FormFieldType.MultipleChoice:
                    _choices[field.Name] = value is JsonArray array
                        ? array.Select(item => item is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToHashSet(StringComparer.Ordinal)
                        : new HashSet<string>(StringComparer.Ordinal);
                    break;
                case FormFieldType.Checkbox:
                    _checked[field.Name] = value is JsonValue flag && flag.TryGetValue<bool>(out var b) && b;
                    break;
                case FormFieldType.Date:
                    // A date-time answer shows as its date: the input edits dates only.
                    _text[field.Name] = value is JsonValue date && date.TryGetValue<string>(out var text) && text.Length >= 10 ? text[..10] : null;
                    break;
                default:
                    _text[field.Name] = value is JsonValue v2 && v2.TryGetValue<string>(out var s2) ? s2 : null;
                    break;
            }
        }
    }

    public IReadOnlyList<FormField> Fields { get; }

    /// <summary>Errors that name no field of the form (e.g. <c>data</c> itself, or <c>outcome</c>).</summary>
    public IReadOnlyList<string> GeneralErrors { get; private set; } = [];

    public string? GetText(string field) => _text.GetValueOrDefault(field);

    public void SetText(string field, string? value) => _text[field] = value;

    public decimal? GetNumber(string field) => _numbers.GetValueOrDefault(field);

    public void SetNumber(string field, decimal? value) => _numbers[field] = value;

    public bool IsChosen(string field, string option) => _choices.TryGetValue(field, out var chosen) && chosen.Contains(option);

    public void SetChosen(string field, string option, bool chosen)
    {
        var set = _choices.TryGetValue(field, out var existing) ? existing : _choices[field] = new HashSet<string>(StringComparer.Ordinal);
        if (chosen)
        {
            set.Add(option);
        }
        else
        {
            set.Remove(option);
        }
    }

    public bool IsChecked(string field) => _checked.GetValueOrDefault(field);

    public void SetChecked(string field, bool value) => _checked[field] = value;

    /// <summary>The server's message for a field, or null.</summary>
    public string? ErrorFor(string field) => _errors.GetValueOrDefault(field);

    /// <summary>The data as the task API takes it. Empty inputs are left out, so "required" is the server's call.</summary>
    public JsonObject ToJson()
    {
        var data = new JsonObject();
        foreach (var field in Fields)
        {
            JsonNode? value = field.Type switch
            {
                FormFieldType.Number => _numbers.GetValueOrDefault(field.Name) is { } number ? JsonValue.Create(number) : null,
                FormFieldType.MultipleChoice => new JsonArray(field.Options?.Where(o => IsChosen(field.Name, o)).Select(o => (JsonNode)JsonValue.Create(o)).ToArray() ?? []),
                FormFieldType.Checkbox => JsonValue.Create(IsChecked(field.Name)),
                _ => string.IsNullOrWhiteSpace(_text.GetValueOrDefault(field.Name)) ? null : JsonValue.Create(_text[field.Name]),
            };
            if (value is not null)
            {
                data[field.Name] = value;
            }
        }

        return data;
    }

    /// <summary>Takes the server's validation errors: <c>data.&lt;field&gt;</c> go to their field, the rest are general.</summary>
    public void ShowErrors(IEnumerable<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        _errors.Clear();
        var general = new List<string>();
        foreach (var error in errors)
        {
            var field = FieldOf(error.Path);
            if (field is not null && Fields.Any(f => f.Name == field))
            {
                // Several problems with one field read as one sentence.
                _errors[field] = _errors.TryGetValue(field, out var earlier) ? $"{earlier}; {error.Message}" : Capitalize(error.Message);
            }
            else
            {
                general.Add(error.Path is "data" ? $"The form {error.Message}." : $"{error.Path}: {error.Message}");
            }
        }

        GeneralErrors = general;
    }

    public void ClearErrors()
    {
        _errors.Clear();
        GeneralErrors = [];
    }

    /// <summary>A field's label for people: its own, else its name split into words ("shelfLocation" → "Shelf location").</summary>
    public static string LabelOf(FormField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return !string.IsNullOrWhiteSpace(field.Label) ? field.Label : Humanize(field.Name);
    }

    /// <summary>A submitted value as text: lists joined, booleans as Yes/No, numbers as written.</summary>
    public static string Display(JsonNode? value) => value switch
    {
        null => "—",
        JsonArray array => array.Count == 0 ? "—" : string.Join(", ", array.Select(Display)),
        JsonValue v when v.GetValueKind() == JsonValueKind.True => "Yes",
        JsonValue v when v.GetValueKind() == JsonValueKind.False => "No",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => value.ToJsonString(),
    };

    private static string? FieldOf(string path)
    {
        if (!path.StartsWith(DataPrefix, StringComparison.Ordinal) && !path.StartsWith("data[", StringComparison.Ordinal))
        {
            return null;
        }

        // data.name, or data["odd name"] for names that are not identifiers.
        return path[4] == '.' ? path[DataPrefix.Length..] : JsonSerializer.Deserialize<string>(path[5..^1]);
    }

    private static string Capitalize(string message) =>
        message.Length == 0 ? message : char.ToUpper(message[0], CultureInfo.InvariantCulture) + message[1..];

    private static string Humanize(string name)
    {
        var words = new System.Text.StringBuilder();
        foreach (var c in name.Replace('_', ' '))
        {
            if (char.IsUpper(c) && words.Length > 0 && words[^1] != ' ')
            {
                words.Append(' ');
            }

            words.Append(words.Length == 0 ? char.ToUpper(c, CultureInfo.InvariantCulture) : char.ToLower(c, CultureInfo.InvariantCulture));
        }

        return words.ToString();
    }
}
