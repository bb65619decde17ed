using MassEmail.Core.Recipients;
using MassEmail.Storage.Sqlite.Recipients;

namespace MassEmail.Storage.Sqlite.Rows;

/// <summary>A <c>records</c> row, as Dapper reads it (writes go through the upsert's prepared command).</summary>
internal sealed class RecordRow
{
    /// <summary>The columns of alias <c>r</c>, named as the properties.</summary>
    public const string Columns =
        "r.org_id AS OrgId, r.id AS Id, r.module AS Module, r.external_id AS ExternalId, r.name AS Name, "
        + "r.first_name AS FirstName, r.last_name AS LastName, r.email AS Email, r.email_normalized AS EmailNormalized, "
        + "r.email_status AS EmailStatus, r.email_key AS EmailKey, r.phone AS Phone, r.owner_user_id AS OwnerUserId, "
        + "r.client_external_id AS ClientExternalId, r.email_opt_out AS EmailOptOut, r.custom AS Custom, "
        + "r.custom_dates AS CustomDates, r.content_hash AS ContentHash, r.created_at AS CreatedAt, r.updated_at AS UpdatedAt, "
        + "r.email_invalid_reason AS EmailInvalidReason";

    public string OrgId { get; set; } = "";
    public string Id { get; set; } = "";
    public long Module { get; set; }
    public string ExternalId { get; set; } = "";
    public string Name { get; set; } = "";
    public string FirstName { get; set; } = "";
    public string LastName { get; set; } = "";
    public string Email { get; set; } = "";
    public string EmailNormalized { get; set; } = "";
    public long EmailStatus { get; set; }
    public string EmailKey { get; set; } = "";
    public string Phone { get; set; } = "";
    public string? OwnerUserId { get; set; }
    public string? ClientExternalId { get; set; }
    public long EmailOptOut { get; set; }
    public string Custom { get; set; } = "{}";
    public string? CustomDates { get; set; }
    public string ContentHash { get; set; } = "";
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }
    public string EmailInvalidReason { get; set; } = "";

    /// <summary>The current row of a statement that selects <see cref="Columns"/>, read without Dapper (the send path reads a batch at a time).</summary>
    public static RecipientRecord Read(SqliteStatement row) => new(
        row.GetString(1),
        row.GetString(0),
        (RecordModule)row.GetInt64(2),
        row.GetString(3),
        row.GetString(4),
        row.GetString(5),
        row.GetString(6),
        row.GetString(7),
        row.GetString(8),
        (EmailStatus)row.GetInt64(9),
        row.GetString(10),
        row.GetString(20),
        row.GetString(11),
        row.GetStringOrNull(12),
        row.GetStringOrNull(13),
        row.GetInt64(14) != 0,
        StoredCustomFields.From(row.GetUtf8(15), row.GetUtf8(16)),
        row.GetString(17),
        UnixMilliseconds.ToTime(row.GetInt64(18)),
        UnixMilliseconds.ToTime(row.GetInt64(19)));

    public RecipientRecord ToDomain() => new(
        Id,
        OrgId,
        (RecordModule)Module,
        ExternalId,
        Name,
        FirstName,
        LastName,
        Email,
        EmailNormalized,
        (EmailStatus)EmailStatus,
        EmailKey,
        EmailInvalidReason,
        Phone,
        OwnerUserId,
        ClientExternalId,
        EmailOptOut != 0,
        CustomFieldsJson.Read(Custom, CustomDates),
        ContentHash,
        UnixMilliseconds.ToTime(CreatedAt),
        UnixMilliseconds.ToTime(UpdatedAt));
}
