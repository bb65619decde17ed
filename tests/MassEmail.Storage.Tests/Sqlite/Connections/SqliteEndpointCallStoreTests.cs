using Dapper;
using MassEmail.Core.Connections;
using MassEmail.Storage.Sqlite;
using MassEmail.Storage.Tests.Contracts.Connections;
using MassEmail.Storage.Tests.Fixtures;
using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Tests.Sqlite.Connections;

public sealed class SqliteEndpointCallStoreTests(SqliteStoreFixture fixture)
    : EndpointCallStoreContract(fixture), IClassFixture<SqliteStoreFixture>
{
    [SkippableFact]
    public async Task TryEnter_DeletesTheEndpointsExpiredBuckets()
    {
        var connection = Guid.NewGuid().ToString("N");
        var t0 = DateTimeOffset.FromUnixTimeMilliseconds(1_767_261_600_000);
        CallWindow[] windows = [new(3, TimeSpan.FromMinutes(1)), new(5, TimeSpan.FromHours(1))];
        var calls = Fixture.Store.Get<IEndpointCallStore>();
        await calls.TryEnterAsync(connection, "json/listsubscribe", windows, t0, Ct);
        await calls.TryEnterAsync(connection, "json/listsubscribe", windows, t0.AddSeconds(10), Ct);
        Assert.Equal(3, await RowsAsync(connection));

        // Past the hour bucket's expiry (11:01) every earlier bucket has: the next entry drops them and leaves its own two.
        await calls.TryEnterAsync(connection, "json/listsubscribe", windows, t0.AddHours(1).AddMinutes(2), Ct);

        Assert.Equal(2, await RowsAsync(connection));
    }

    private async Task<long> RowsAsync(string connection)
    {
        await using SqliteConnection db = await Fixture.Store.Get<SqliteConnectionFactory>().OpenAsync(Ct);
        return await db.ExecuteScalarAsync<long>("SELECT count(*) FROM endpoint_calls WHERE connection_id = @connection;", new { connection });
    }
}
