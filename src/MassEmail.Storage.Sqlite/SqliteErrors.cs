using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Sqlite;

/// <summary>Recognises constraint failures by SQLite's extended result codes rather than by message text.</summary>
internal static class SqliteErrors
{
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    /// <summary>A UNIQUE index (not the primary key) refused the row.</summary>
    public static bool IsUniqueIndexViolation(SqliteException e) =>
        e.SqliteErrorCode == SqliteConstraint && e.SqliteExtendedErrorCode == SqliteConstraintUnique;

    /// <summary>A row with the same primary key exists.</summary>
    public static bool IsPrimaryKeyViolation(SqliteException e) =>
        e.SqliteErrorCode == SqliteConstraint && e.SqliteExtendedErrorCode == SqliteConstraintPrimaryKey;
}
