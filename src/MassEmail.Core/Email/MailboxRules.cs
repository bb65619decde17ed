using MassEmail.Core.Errors;
using MassEmail.Core.Templates;

namespace MassEmail.Core.Email;

/// <summary>
/// What may stand in a From, Reply-To or To header: one home for the checks of addresses and of the
/// names that become display names (a template's From and Reply-To names, the organisation's name,
/// users' first and last names), whether they are being written or were stored by an earlier build.
/// </summary>
public static class MailboxRules
{
    /// <summary>Adds a violation of <paramref name="field"/> when <paramref name="address"/> is not a valid address.</summary>
    public static void CheckAddress(string address, string field, List<FieldViolation> v)
    {
        if (!EmailAddressParser.IsValid(address, out var error))
        {
            v.Add(new(field, $"is not a valid email address: it {error}"));
        }
    }

    /// <summary>Adds a violation of <paramref name="field"/> when <paramref name="name"/> cannot be a display name.</summary>
    public static void CheckDisplayName(string name, string field, List<FieldViolation> v)
    {
        if (!TryCheckDisplayName(name, out var error))
        {
            v.Add(new(field, $"is not a valid display name: it {error}"));
        }
    }

    /// <summary>
    /// A display name must not break the header (CR, LF, other control characters) nor hide or reorder
    /// what the reader sees (see <see cref="InvisibleCharacters"/>; joiners pass).
    /// </summary>
    public static bool TryCheckDisplayName(string name, out string error)
    {
        error = "";
        var span = name.AsSpan();
        if (span.IndexOfAny('\r', '\n') >= 0)
        {
            error = "contains a line break";
        }
        else if (span.ContainsAnyInRange('\0', '\x1F') || span.ContainsAnyInRange('\x7F', '\x9F'))
        {
            error = "contains a control character";
        }
        else if (InvisibleCharacters.TryFind(span, allowJoiners: true, out var found))
        {
            error = "contains " + found;
        }

        return error.Length == 0;
    }

    /// <summary>
    /// Refuses (FAILED_PRECONDITION, type <c>ADDRESS_INVALID</c>, on <paramref name="subject"/>) a stored mailbox a send
    /// would put in a header; <paramref name="whose"/> starts the message and says which stored value it is.
    /// </summary>
    public static void RequireSendable(Mailbox mailbox, string subject, string whose)
    {
        if (Problem(mailbox) is { } problem)
        {
            throw new PreconditionFailedException("ADDRESS_INVALID", subject, $"{whose} stored {problem}.");
        }
    }

    /// <summary>
    /// What is wrong with a stored mailbox, e.g. <c>address is not valid: it contains …</c>, or null when
    /// it can be sent; callers say whose mailbox it is.
    /// </summary>
    public static string? Problem(Mailbox mailbox) =>
        !EmailAddressParser.IsValid(mailbox.Address, out var error) ? $"address is not valid: it {error}"
        : !TryCheckDisplayName(mailbox.DisplayName, out error) ? $"name is not a valid display name: it {error}"
        : null;
}
