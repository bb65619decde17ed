using MassEmail.Core.Recipients.Audience;

namespace MassEmail.Storage.Sqlite.Rows;

/// <summary>One row of an audience query (<see cref="Recipients.AudienceSql.Members"/>), read by position.</summary>
internal static class AudienceMemberRow
{
    /// <summary>
    /// The current row of the members query, whose columns are, in order: id, external id, first and last name,
    /// email, normalized email, owner, reason the email is invalid, skip reason. Read without Dapper: the snapshot
    /// reads every member of the audience this way.
    /// </summary>
    public static AudienceMember Read(SqliteStatement row) => new(
        row.GetString(0),
        row.GetString(1),
        row.GetString(2),
        row.GetString(3),
        row.GetString(4),
        row.GetString(5),
        row.GetStringOrNull(6),
        (SkipReason)row.GetInt64(8),
        row.GetString(7));
}
