using MassEmail.Core.Recipients.Audience;

namespace MassEmail.Storage.Sqlite.Rows;

/// <summary>One row of an audience query (<see cref="Recipients.AudienceSql.Members"/>), read by position.</summary>
internal static class AudienceMemberRow
{
    /// <summary>
    /// The members query's text columns, in order: id, external id, first and last name, email, normalized email,
    /// owner, reason the email is invalid. The skip reason follows them, at this index.
    /// </summary>
    public const int TextColumns = 8;

    /// <summary>The current row of the members query, read without Dapper (the audience sample reads it this way).</summary>
    public static AudienceMember Read(SqliteStatement row)
    {
        var texts = new string?[TextColumns];
        for (var column = 0; column < TextColumns; column++)
        {
            texts[column] = row.GetStringOrNull(column);
        }

        return From(texts, (SkipReason)row.GetInt64(TextColumns));
    }

    /// <summary>
    /// A member from the row's <see cref="TextColumns"/> (null for NULL) and skip reason, wherever they were read from
    /// (<see cref="Recipients.AudienceSpill"/> keeps them in a file). NULL reads as empty text but for the owner.
    /// </summary>
    public static AudienceMember From(string?[] texts, SkipReason skip) => new(
        texts[0] ?? "", texts[1] ?? "", texts[2] ?? "", texts[3] ?? "", texts[4] ?? "", texts[5] ?? "", texts[6], skip, texts[7] ?? "");
}
