using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Sending;

namespace MassEmail.Storage.Sqlite.Rows;

/// <summary>A <c>deliveries</c> row as Dapper reads and writes it.</summary>
internal sealed class DeliveryRow
{
    public const string Columns =
        "id AS Id, org_id AS OrgId, send_id AS SendId, record_id AS RecordId, email AS Email, state AS State, skip AS Skip, "
        + "attempts AS Attempts, claimed_by AS ClaimedBy, lease_until AS LeaseUntil, message_id AS MessageId, error AS Error, updated_at AS UpdatedAt";

    public string Id { get; set; } = "";
    public string OrgId { get; set; } = "";
    public string SendId { get; set; } = "";
    public string RecordId { get; set; } = "";
    public string Email { get; set; } = "";
    public long State { get; set; }
    public long Skip { get; set; }
    public long Attempts { get; set; }
    public string? ClaimedBy { get; set; }
    public long? LeaseUntil { get; set; }
    public string MessageId { get; set; } = "";
    public string Error { get; set; } = "";
    public long UpdatedAt { get; set; }

    public Delivery ToDomain() => new(
        Id, OrgId, SendId, RecordId, Email, (DeliveryState)State, (SkipReason)Skip, (int)Attempts, ClaimedBy,
        UnixMilliseconds.ToTime(LeaseUntil), MessageId, Error, UnixMilliseconds.ToTime(UpdatedAt));
}
