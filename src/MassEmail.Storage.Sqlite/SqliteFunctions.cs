using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Sqlite;

/// <summary>SQL functions the store's queries use, registered on every connection it opens.</summary>
internal static class SqliteFunctions
{
    /// <summary>
    /// <c>me_fold(text)</c>: the text lower-cased exactly as <see cref="string.ToLowerInvariant"/> does,
    /// NULL for NULL. SQLite's own <c>lower()</c> folds ASCII only, so "MÜLLER" would not match "müller";
    /// criteria fold their operands in C# with the same function so both sides agree.
    /// </summary>
    public const string Fold = "me_fold";

    public static void Register(SqliteConnection connection) =>
        connection.CreateFunction<string?, string?>(Fold, static text => text?.ToLowerInvariant(), isDeterministic: true);
}
