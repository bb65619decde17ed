namespace MassEmail.Core.Recipients.Views;

/// <summary>
/// Named, saved criteria of a module. <see cref="CriteriaJson"/> is the criteria as authored
/// (relative dates stay relative), serialised by <see cref="Criteria.CriteriaJson"/>.
/// </summary>
public sealed record CustomView(
    string Id,
    string OrgId,
    RecordModule Module,
    string Name,
    string CriteriaJson,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public string NameKey => Templates.NameKeys.For(Name);
}
