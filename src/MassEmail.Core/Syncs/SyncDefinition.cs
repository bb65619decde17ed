namespace MassEmail.Core.Syncs;

/// <summary>
/// A stored sync definition of a campaign-tool connection (issue 14): its name (unique per connection,
/// case-insensitive), what it does and its status. Ids are unique across organisations.
/// </summary>
/// <param name="NextRunAt">When its next run is due (the schedule's next occurrence, or the time an interrupted run goes
/// on); null when none is (a one-time sync that ran). On update, null keeps the stored time.</param>
/// <param name="RunRequestedAt">When a "sync now" not yet served was asked for; null when none is. Read only: set by
/// <see cref="ISyncDefinitionStore.RequestRunAsync"/>, ignored on insert and update.</param>
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
    long Version,
    DateTimeOffset? NextRunAt = null,
    DateTimeOffset? RunRequestedAt = null)
{
    public string NameKey => Templates.NameKeys.For(Name);
}
