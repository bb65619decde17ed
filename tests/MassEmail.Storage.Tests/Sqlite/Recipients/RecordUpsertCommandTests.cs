using MassEmail.Core.Recipients;
using MassEmail.Storage.Sqlite;
using MassEmail.Storage.Sqlite.Recipients;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace MassEmail.Storage.Tests.Sqlite.Recipients;

/// <summary>The import's prepared statements are all released when one of them fails to prepare.</summary>
public sealed class RecordUpsertCommandTests : IAsyncDisposable
{
    private readonly SqliteFile file = new();

    [Fact]
    public async Task Constructor_LastStatementFailsToPrepare_ReleasesTheOnesAlreadyPrepared()
    {
        await new SqliteStoreInitializer(file.Factory).InitializeAsync(default);
        await using var db = await OpenAsync();
        // A trigger is compiled into every statement it fires on: the UPDATE, prepared last, fails; the INSERT and the
        // SELECT before it prepare.
        await using (var trigger = db.CreateCommand())
        {
            trigger.CommandText = "CREATE TEMP TRIGGER broken BEFORE UPDATE ON records BEGIN SELECT * FROM no_such_table; END;";
            await trigger.ExecuteNonQueryAsync();
        }

        var error = Assert.Throws<SqliteException>(() => new RecordUpsertCommand(db, "org", RecordModule.Candidates));

        Assert.Contains("no_such_table", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, PreparedStatements(db));
    }

    [Fact]
    public async Task Dispose_ReleasesAllThreeStatements()
    {
        await new SqliteStoreInitializer(file.Factory).InitializeAsync(default);
        await using var db = await OpenAsync();

        var command = new RecordUpsertCommand(db, "org", RecordModule.Candidates);
        Assert.Equal(3, PreparedStatements(db));
        command.Dispose();

        Assert.Equal(0, PreparedStatements(db));
    }

    public ValueTask DisposeAsync() => file.DisposeAsync();

    /// <summary>A connection whose statements from now on <see cref="PreparedStatements"/> can list.</summary>
    private async Task<SqliteConnection> OpenAsync()
    {
        var db = await file.Factory.OpenAsync(default);
        db.Handle!.enable_sqlite3_next_stmt(true);
        return db;
    }

    /// <summary>The statements prepared on the connection and not yet finalized, by SQLite's own list.</summary>
    private static int PreparedStatements(SqliteConnection db)
    {
        var count = 0;
        for (var statement = raw.sqlite3_next_stmt(db.Handle, null); statement is not null && !statement.IsInvalid;
             statement = raw.sqlite3_next_stmt(db.Handle, statement))
        {
            count++;
        }

        return count;
    }
}
