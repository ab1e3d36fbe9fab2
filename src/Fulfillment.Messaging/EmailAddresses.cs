using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using MimeKit;

namespace Fulfillment.Messaging;

/// <summary>Parses recipient inputs: one comma-separated string, or a list of addresses.</summary>
internal static class EmailAddresses
{
    /// <summary>RFC-strict, and an address needs a domain: "bob" alone is a typo, not a recipient.</summary>
    public static readonly ParserOptions StrictParsing = new()
    {
        AllowAddressesWithoutDomain = false,
        AddressParserComplianceMode = RfcComplianceMode.Strict,
    };

    /// <param name="value">A JSON string ("a@x.org, Bob &lt;b@y.org&gt;"), an array of strings, or null.</param>
    /// <param name="field">The input's name, for the error message.</param>
    public static bool TryParse(JsonNode? value, string field, out List<MailboxAddress> addresses, [NotNullWhen(false)] out string? error)
    {
        addresses = [];
        error = null;
        switch (value)
        {
            case null:
                return true;
            case JsonValue text when text.GetValueKind() == JsonValueKind.String:
                return TryParseList(text.GetValue<string>(), field, addresses, out error);
            case JsonArray items:
                for (var i = 0; i < items.Count; i++)
                {
                    if (items[i] is not JsonValue item || item.GetValueKind() != JsonValueKind.String
                        || string.IsNullOrWhiteSpace(item.GetValue<string>()))
                    {
                        error = $"{field}[{i}] is {(items[i] is null ? "null" : items[i]!.ToJsonString())}, not an email address.";
                        return false;
                    }

                    var entry = item.GetValue<string>().Trim();
                    if (!MailboxAddress.TryParse(StrictParsing, entry, out var mailbox))
                    {
                        error = $"{field}[{i}] '{entry}' is not a valid email address.";
                        return false;
                    }

                    addresses.Add(mailbox);
                }

                return true;
            default:
                error = $"{field} must be a string of comma-separated addresses or a list of addresses, not {value.ToJsonString()}.";
                return false;
        }
    }

    private static bool TryParseList(string text, string field, List<MailboxAddress> addresses, [NotNullWhen(false)] out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (InternetAddressList.TryParse(StrictParsing, text, out var list) && list.All(a => a is MailboxAddress))
        {
            addresses.AddRange(list.Cast<MailboxAddress>());
            return true;
        }

        // Name the offending piece when a naive split finds it; a quoted display name with a comma
        // in it would split wrongly, so fall back to the whole text.
        var culprit = text.Split(',', StringSplitOptions.TrimEntries)
            .FirstOrDefault(piece => !MailboxAddress.TryParse(StrictParsing, piece, out _)) ?? text;
        error = $"{field} '{culprit}' is not a valid email address.";
        return false;
    }
}
