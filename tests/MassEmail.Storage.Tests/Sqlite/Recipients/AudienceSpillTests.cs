using Dapper;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Storage.Sqlite.Recipients;
using MassEmail.Storage.Sqlite.Recipients.Criteria;
using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Tests.Sqlite.Recipients;

/// <summary>
/// <see cref="AudienceSpill"/>: the members query is read to its end ahead of the consumer, so SQLite's log can start
/// over while a large snapshot is still being written; the members come out as the statement gave them, from one
/// snapshot of the table; stopping early or a failed read leaves nothing behind.
/// </summary>
public sealed class AudienceSpillTests : IAsyncDisposable
{
    /// <summary>Members of the table below: more than two chunks, the last one partial.</summary>
    private const int Rows = (2 * AudienceSpill.ChunkMembers) + 345;

    /// <summary>The members query's columns in its order, from a table of its own (no schema needed).</summary>
    private const string Select = "SELECT id, external_id, first_name, last_name, email, email_normalized, owner_user_id, email_invalid_reason, skip FROM members";

    private readonly SqliteFile file = new();

    [Fact]
    public async Task MembersAsync_SeveralChunks_EveryRowInOrderWithItsTextAsStored()
    {
        await CreateMembersAsync();

        await using var spill = await StartAsync($"{Select} ORDER BY id;");
        List<AudienceMember> members = await spill.MembersAsync(default).ToListAsync();

        Assert.Equal(Enumerable.Range(0, Rows).Select(Expected), members);
    }

    [Fact]
    public async Task Read_ConsumerHasTakenOneMember_EndsAndTheLogStartsOverWhileTheRestWaits()
    {
        await CreateMembersAsync();
        await using var spill = await StartAsync($"{Select} ORDER BY id;");
        await using var members = spill.MembersAsync(default).GetAsyncEnumerator();
        Assert.True(await members.MoveNextAsync());

        await spill.Read;

        // No read snapshot is held any more: a write after it can be copied into the file and the log truncated.
        await file.ExecuteAsync("UPDATE members SET first_name = 'changed', skip = 3;");
        await using (SqliteConnection db = await file.Factory.OpenAsync(default))
        {
            Assert.Equal(0, await db.ExecuteScalarAsync<long>("PRAGMA wal_checkpoint(TRUNCATE);"));
        }

        // The rest comes as the statement read it, before the change: one snapshot.
        List<AudienceMember> rest = [members.Current];
        while (await members.MoveNextAsync())
        {
            rest.Add(members.Current);
        }

        Assert.Equal(Enumerable.Range(0, Rows).Select(Expected), rest);
    }

    [Fact]
    public async Task DisposeAsync_StoppedAfterOneMember_EndsTheReadAndLeavesNoFile()
    {
        await CreateMembersAsync();
        var spill = await StartAsync($"{Select} ORDER BY id;");
        await using (var members = spill.MembersAsync(default).GetAsyncEnumerator())
        {
            Assert.True(await members.MoveNextAsync());
        }

        await spill.DisposeAsync();

        Assert.True(spill.Read.IsCompletedSuccessfully);
        Assert.Empty(SpillFiles());
        await using SqliteConnection db = await file.Factory.OpenAsync(default);
        Assert.Equal(0, await db.ExecuteScalarAsync<long>("PRAGMA wal_checkpoint(TRUNCATE);"));
    }

    [SkippableFact]
    public async Task StartAsync_OnLinux_UnlinksTheFileAtOnceSoACrashLeavesNone()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "only Linux unlinks a file that is open; elsewhere it is removed when closed (the next test's check)");
        await CreateMembersAsync();

        await using var spill = await StartAsync($"{Select} ORDER BY id;");
        await spill.Read;

        Assert.Empty(SpillFiles());
        Assert.Equal(Rows, await spill.MembersAsync(default).CountAsync());
    }

    [Fact]
    public async Task MembersAsync_ReadFailsAfterTheFirstChunk_HandsOutThatChunkThenThrowsTheError()
    {
        await CreateMembersAsync();

        // The condition fails at the first row past the first chunk (per row: a constant would fail at once).
        await using var spill = await StartAsync(
            $"{Select} WHERE json_extract(CASE WHEN seq < {AudienceSpill.ChunkMembers} THEN '[]' ELSE '[' END, '$') IS NOT NULL ORDER BY id;");
        var read = 0;
        var error = await Assert.ThrowsAsync<SqliteException>(async () =>
        {
            await foreach (AudienceMember _ in spill.MembersAsync(default))
            {
                read++;
            }
        });

        Assert.Equal(AudienceSpill.ChunkMembers, read);
        Assert.Contains("malformed JSON", error.Message, StringComparison.Ordinal);
    }

    public ValueTask DisposeAsync() => file.DisposeAsync();

    /// <summary>Member <paramref name="i"/> as the table holds it: empty and non-ASCII text, and NULL owners, on the way.</summary>
    private static AudienceMember Expected(int i) => new(
        $"r{i:D6}",
        i % 7 == 0 ? "" : $"ext-{i}",
        i % 3 == 0 ? "Zoë" : "Jane",
        i % 5 == 0 ? "東京 🙂" : "Doe",
        $"Person{i}@Example.com",
        $"person{i}@example.com",
        i % 2 == 0 ? null : $"u{i % 10}",
        (SkipReason)(i % 4),
        i % 4 == 2 ? $"reason {i}" : "");

    private async Task CreateMembersAsync()
    {
        await file.ExecuteAsync("""
            PRAGMA journal_mode = WAL;
            CREATE TABLE members (id TEXT PRIMARY KEY, seq INTEGER, external_id TEXT, first_name TEXT, last_name TEXT, email TEXT,
                email_normalized TEXT, owner_user_id TEXT, email_invalid_reason TEXT, skip INTEGER);
            """);
        await using SqliteConnection db = await file.Factory.OpenAsync(default);
        await using var transaction = await db.BeginTransactionAsync();
        foreach (var i in Enumerable.Range(0, Rows))
        {
            var m = Expected(i);
            await db.ExecuteAsync(
                "INSERT INTO members VALUES (@RecordId, @Seq, @ExternalId, @FirstName, @LastName, @Email, @EmailNormalized, @OwnerUserId, @EmailInvalidReason, @Skip);",
                new { m.RecordId, Seq = i, m.ExternalId, m.FirstName, m.LastName, m.Email, m.EmailNormalized, m.OwnerUserId, m.EmailInvalidReason, Skip = (int)m.Skip },
                transaction);
        }

        await transaction.CommitAsync();
    }

    private Task<AudienceSpill> StartAsync(string sql) => AudienceSpill.StartAsync(file.Factory, sql, new SqlParameterBag(), default);

    private string[] SpillFiles() =>
        Directory.GetFiles(Path.GetDirectoryName(file.Factory.FilePath)!, "*-audience-*");
}
