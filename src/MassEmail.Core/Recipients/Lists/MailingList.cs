namespace MassEmail.Core.Recipients.Lists;

/// <summary>
/// A mailing list of one module: static (explicit members) or dynamic (members are the records
/// matching <see cref="CriteriaJson"/>). Either way records can unsubscribe from it.
/// </summary>
public sealed record MailingList(
    string Id,
    string OrgId,
    RecordModule Module,
    string Name,
    bool IsDynamic,
    string? CriteriaJson,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public string NameKey => Templates.NameKeys.For(Name);
}
