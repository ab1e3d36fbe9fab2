namespace Fulfillment.Operations.Documents;

public enum SpecialInstructionKind
{
    GiftWrap,
    SpecialPackaging,
    CustomizedMessage,
    Other,
}

/// <summary>A customer's request about how the order is packed, e.g. gift wrap with <see cref="Details"/> "blue paper".</summary>
public sealed record SpecialInstruction(SpecialInstructionKind Kind, string? Details = null)
{
    public string Title => Kind switch
    {
        SpecialInstructionKind.GiftWrap => "Gift wrap",
        SpecialInstructionKind.SpecialPackaging => "Special packaging",
        SpecialInstructionKind.CustomizedMessage => "Customized message (print and enclose)",
        _ => "Note",
    };

    /// <summary>"Gift wrap: blue paper", or the title alone.</summary>
    public override string ToString() => string.IsNullOrWhiteSpace(Details) ? Title : $"{Title}: {Details}";
}
