using System.Text.Json;
using MassEmail.Core.Recipients;

namespace MassEmail.Storage.Sqlite.Rows;

/// <summary>A <c>record_deletions</c> row, as Dapper reads it; the list ids are a JSON array.</summary>
internal sealed class RecordDeletionRow
{
    public string OrgId { get; set; } = "";
    public string RecordId { get; set; } = "";
    public long Module { get; set; }
    public string Email { get; set; } = "";
    public string EmailKey { get; set; } = "";
    public long EmailOptOut { get; set; }
    public string ListIds { get; set; } = "[]";
    public long DeletedAt { get; set; }

    public RecordDeletion ToDomain() => new(
        OrgId, RecordId, (RecordModule)Module, Email, EmailKey, EmailOptOut != 0,
        [.. (JsonSerializer.Deserialize<string[]>(ListIds) ?? []).Order(StringComparer.Ordinal)], UnixMilliseconds.ToTime(DeletedAt));
}
