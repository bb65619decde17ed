using MassEmail.Storage.Sqlite;

namespace MassEmail.Storage.Tests.Sqlite;

/// <summary>
/// Text bound through <see cref="SqliteStatement"/> reads back as it was, whichever way it is bound: empty (never
/// NULL), short (as UTF-8 from the stack) with characters of every width, and long (as UTF-16).
/// </summary>
public sealed class SqliteStatementTests : IAsyncDisposable
{
    private readonly SqliteFile file = new();

    public static TheoryData<string> Texts => new()
    {
        "",
        "a",
        "Müller-Ødegård 山田 😀 \u200D end",
        new string('ß', 128),
        new string('x', 127) + "😀",
        string.Concat(Enumerable.Repeat("long 😀 text, ", 40)),
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public async Task Text_ReadsBackAsBound(string text)
    {
        await file.ExecuteAsync("CREATE TABLE t (v TEXT NOT NULL) STRICT;");
        await using (var write = await file.Factory.BeginWriteAsync(default))
        {
            using var insert = write.Prepared("INSERT INTO t (v) VALUES (?1);");
            insert.Bind(1, text);
            insert.Step();
            await write.CommitAsync(default);
        }

        await using var db = await file.Factory.OpenAsync(default);
        using var read = new SqliteStatement(db, "SELECT v, length(v) FROM t;");
        Assert.True(read.Step());
        Assert.Equal(text, read.GetString(0));
        Assert.Equal(text.EnumerateRunes().Count(), read.GetInt64(1));
    }

    public ValueTask DisposeAsync() => file.DisposeAsync();
}
