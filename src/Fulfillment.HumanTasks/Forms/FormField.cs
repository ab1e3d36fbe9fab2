using System.Text.Json.Serialization;

namespace Fulfillment.HumanTasks.Forms;

/// <summary>The kinds of form field a task can ask for.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FormFieldType>))]
public enum FormFieldType
{
    Text,
    Textarea,
    Number,
    Date,

    /// <summary>Exactly one of <see cref="FormField.Options"/>.</summary>
    Dropdown,

    /// <summary>Any number of <see cref="FormField.Options"/> (a JSON array of strings).</summary>
    MultipleChoice,

    Checkbox,
}

/// <summary>One field of a task's form, as written in the workflow and served to the inbox.</summary>
public sealed record FormField(string Name, FormFieldType Type)
{
    public string? Label { get; init; }

    public bool Required { get; init; }

    public IReadOnlyList<string>? Options { get; init; }
}
