using System.Runtime.CompilerServices;
using Dapper;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Storage.Sqlite.Rows;
using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Sqlite.Recipients;

/// <summary>Audiences evaluated in SQL (<see cref="AudienceSql"/>): records never pass through memory to be counted.</summary>
internal sealed class SqliteAudienceStore(SqliteConnectionFactory connections) : IAudienceStore
{
    public async Task<AudienceCounts> CountAsync(AudienceQuery query, CancellationToken ct)
    {
        (var sql, var bag) = AudienceSql.Counts(query);
        await using SqliteConnection db = await connections.OpenAsync(ct);
        return await db.QuerySingleAsync<AudienceCounts>(new CommandDefinition(sql, bag.Parameters, cancellationToken: ct));
    }

    public async Task<long> CountBeforeDuplicatesAsync(AudienceQuery query, CancellationToken ct)
    {
        (var sql, var bag) = AudienceSql.CountBeforeDuplicates(query);
        await using SqliteConnection db = await connections.OpenAsync(ct);
        return await db.ExecuteScalarAsync<long>(new CommandDefinition(sql, bag.Parameters, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<AudienceMember>> SampleAsync(AudienceQuery query, int limit, CancellationToken ct)
    {
        (var sql, var bag) = AudienceSql.Members(query, limit);
        await using SqliteConnection db = await connections.OpenAsync(ct);
        using var rows = new SqliteStatement(db, sql);
        bag.BindTo(rows);
        var members = new List<AudienceMember>();
        while (rows.Step())
        {
            members.Add(AudienceMemberRow.Read(rows));
        }

        return members;
    }

    public async IAsyncEnumerable<AudienceMember> StreamAsync(AudienceQuery query, [EnumeratorCancellation] CancellationToken ct)
    {
        // Read ahead into a file, so the statement is done long before a large snapshot is written (AudienceSpill); memory
        // stays flat for any audience size.
        (var sql, var bag) = AudienceSql.Members(query, limit: null);
        await using var spill = await AudienceSpill.StartAsync(connections, sql, bag, ct);
        await foreach (AudienceMember member in spill.MembersAsync(ct))
        {
            yield return member;
        }
    }
}
