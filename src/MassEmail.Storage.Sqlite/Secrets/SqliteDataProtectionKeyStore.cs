using Dapper;
using MassEmail.Core.Secrets;
using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Sqlite.Secrets;

/// <summary>
/// The <c>data_protection_keys</c> table: one row per element of the key ring, inserted in one committed statement
/// (durable once the call returns) and never changed.
/// </summary>
internal sealed class SqliteDataProtectionKeyStore(SqliteConnectionFactory connections) : IDataProtectionKeyStore
{
    public async Task<IReadOnlyList<KeyElement>> ListAllAsync(CancellationToken ct)
    {
        await using SqliteConnection db = await connections.OpenAsync(ct);
        var rows = await db.QueryAsync<(string FriendlyName, string Xml)>(new CommandDefinition(
            "SELECT friendly_name, xml FROM data_protection_keys ORDER BY seq;", cancellationToken: ct));
        return [.. rows.Select(r => new KeyElement(r.FriendlyName, r.Xml))];
    }

    public async Task AddAsync(KeyElement element, CancellationToken ct)
    {
        await using SqliteWrite write = await connections.BeginWriteAsync(ct);
        await write.Db.ExecuteAsync(new CommandDefinition(
            "INSERT INTO data_protection_keys (friendly_name, xml) VALUES (@FriendlyName, @Xml);", element, write.Tx, cancellationToken: ct));
        await write.CommitAsync(ct);
    }
}
