using MassEmail.Storage.Sqlite;

namespace MassEmail.Storage.Tests.Sqlite;

/// <summary>Text bound by <see cref="SqliteStatement"/> reads back as it was, on each side of the short-text path.</summary>
public sealed class SqliteStatementTests : IAsyncDisposable
{
    private readonly SqliteFile file = new();

    public static TheoryData<string?> Texts => new()
    {
        null,
        "",
        "a",
        "jane.doe@example.com",
        "Müller – 東京 🙂",
        new string('€', 128), // the longest short text, 3 bytes per unit
        new string('€', 129),
        new string('x', 5000),
        "🙂" + new string('é', 126) + "🙂", // surrogate pairs across the boundary
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public async Task Bind_Text_ReadsBackTheSameTextAndType(string? text)
    {
        await using var db = await file.Factory.OpenAsync(default);
        using var select = new SqliteStatement(db, "SELECT ?1, typeof(?1);");
        select.Bind(1, text);
        Assert.True(select.Step());
        Assert.Equal(text, select.GetStringOrNull(0));
        Assert.Equal(text is null ? "null" : "text", select.GetString(1));
    }

    public ValueTask DisposeAsync() => file.DisposeAsync();
}
