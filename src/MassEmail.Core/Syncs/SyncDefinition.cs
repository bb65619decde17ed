namespace MassEmail.Core.Syncs;

/// <summary>
/// A stored sync definition of a campaign-tool connection (issue 14): its name (unique per connection,
/// case-insensitive), what it does and its status. Ids are unique across organisations.
/// </summary>
public sealed record SyncDefinition(
    string Id,
    string OrgId,
    string ConnectionId,
    string Name,
    SyncSettings Settings,
    SyncStatus Status,
    string CreatedByUserId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version)
{
    public string NameKey => Templates.NameKeys.For(Name);
}
