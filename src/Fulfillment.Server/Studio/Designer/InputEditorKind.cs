using Fulfillment.Workflows.Descriptors;

namespace Fulfillment.Server.Studio.Designer;

/// <summary>Which editor the property panel shows for an input's literal value.</summary>
public enum InputEditorKind
{
    Text,
    Multiline,
    WholeNumber,
    Number,
    Boolean,
    Duration,
    DateTime,

    /// <summary>A dropdown of the input's <see cref="InputDescriptor.Options"/>.</summary>
    Options,

    /// <summary>A dropdown of the Identity roles (UI hint <c>role</c>).</summary>
    Role,

    /// <summary>A multi-select of the workflow's user tasks (UI hint <c>activity-list</c>, e.g. Approval's <c>submits</c>).</summary>
    TaskList,

    /// <summary>The form-field editor (UI hint <c>form</c>, e.g. UserTask's <c>form</c>).</summary>
    Form,

    /// <summary>Label and condition rows (UI hint <c>cases</c>, Switch).</summary>
    Cases,

    /// <summary>One string per line.</summary>
    StringList,

    /// <summary>A cron expression: a literal only (UI hint <c>cron</c>, Start's <c>schedule</c>).</summary>
    Cron,

    /// <summary>Free JSON text; the fallback for objects, arrays and <c>json</c> inputs.</summary>
    Json,
}

/// <summary>Chooses the property panel's editor from an input descriptor: the UI hint first, then options, then the type.</summary>
public static class InputEditors
{
    public static InputEditorKind For(InputDescriptor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.UIHint switch
        {
            "multiline" => InputEditorKind.Multiline,
            "role" => InputEditorKind.Role,
            "activity-list" => InputEditorKind.TaskList,
            "form" => InputEditorKind.Form,
            "cases" => InputEditorKind.Cases,
            "cron" => InputEditorKind.Cron,
            "json" => InputEditorKind.Json,
            _ when input.Options is { Count: > 0 } => InputEditorKind.Options,
            _ => input.Type switch
            {
                "string" => InputEditorKind.Text,
                "boolean" => InputEditorKind.Boolean,
                "integer" => InputEditorKind.WholeNumber,
                "number" => InputEditorKind.Number,
                "duration" => InputEditorKind.Duration,
                "datetime" => InputEditorKind.DateTime,
                "string[]" => InputEditorKind.StringList,
                _ => InputEditorKind.Json,
            },
        };
    }

    /// <summary>Whether the literal/expression toggle is offered: a cron schedule is read at publish time, so it is literal only.</summary>
    public static bool AllowsExpression(InputDescriptor input) => For(input) != InputEditorKind.Cron;
}
