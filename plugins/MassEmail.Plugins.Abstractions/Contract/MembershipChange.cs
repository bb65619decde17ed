namespace MassEmail.Plugins.Abstractions;

/// <summary>One change of one contact's membership, as the outbox holds it.</summary>
/// <param name="ContactKey">The local record's id: the unit of ordering (changes of one contact apply in order).</param>
/// <param name="Email">The contact's address.</param>
/// <param name="Fields">Mapped fields by the vendor's field name (Zoho display names such as <c>First Name</c>,
/// Mailchimp merge tags such as <c>FNAME</c>); empty for none.</param>
/// <param name="Sequence">The outbox's sequence number, echoed in the result.</param>
public sealed record MembershipChange(
    string ContactKey, string Email, MembershipChangeKind Kind, IReadOnlyDictionary<string, string> Fields, long Sequence)
{
    /// <summary>A change without mapped fields.</summary>
    public static MembershipChange Of(string contactKey, string email, MembershipChangeKind kind, long sequence) =>
        new(contactKey, email, kind, new Dictionary<string, string>(), sequence);
}
