using MassEmail.Core.Syncs;

namespace MassEmail.Storage.Sqlite.Syncs;

/// <summary>A <c>sync_definitions</c> row, as Dapper reads and writes it.</summary>
internal sealed class SyncDefinitionRow
{
    public const string Columns =
        "org_id AS OrgId, id AS Id, connection_id AS ConnectionId, name AS Name, name_key AS NameKey, settings AS Settings, "
        + "status AS Status, created_by AS CreatedBy, created_at AS CreatedAt, updated_at AS UpdatedAt, version AS Version, run_due_at AS RunDueAt, run_requested_at AS RunRequestedAt";

    public string OrgId { get; set; } = "";
    public string Id { get; set; } = "";
    public string ConnectionId { get; set; } = "";
    public string Name { get; set; } = "";
    public string NameKey { get; set; } = "";
    public string Settings { get; set; } = "";
    public string Status { get; set; } = "";
    public string CreatedBy { get; set; } = "";
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }
    public long Version { get; set; }
    public long? RunDueAt { get; set; }

    // Read only by a run's claim.
    public long? RunRequestedAt { get; set; }
    public long RunRequestedFull { get; set; }

    public static SyncDefinitionRow From(SyncDefinition d) => new()
    {
        OrgId = d.OrgId,
        Id = d.Id,
        ConnectionId = d.ConnectionId,
        Name = d.Name,
        NameKey = d.NameKey,
        Settings = SyncDefinitionJson.Serialize(d.Settings),
        Status = SyncDefinitionJson.Serialize(d.Status),
        CreatedBy = d.CreatedByUserId,
        CreatedAt = UnixMilliseconds.From(d.CreatedAt),
        UpdatedAt = UnixMilliseconds.From(d.UpdatedAt),
        Version = d.Version,
        RunDueAt = d.NextRunAt is { } next ? UnixMilliseconds.From(next) : null,
    };

    public SyncDefinition ToDomain() => new(Id, OrgId, ConnectionId, Name, SyncDefinitionJson.DeserializeSettings(Settings),
        SyncDefinitionJson.DeserializeStatus(Status), CreatedBy, UnixMilliseconds.ToTime(CreatedAt), UnixMilliseconds.ToTime(UpdatedAt), Version,
        RunDueAt is { } due ? UnixMilliseconds.ToTime(due) : null, RunRequestedAt is { } requested ? UnixMilliseconds.ToTime(requested) : null);
}
