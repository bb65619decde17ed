using Dapper;
using MassEmail.Core.Recipients;
using MassEmail.Storage.Sqlite.Rows;
using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Sqlite.Recipients;

/// <summary>The <c>custom_fields</c> table: the first definition of a name wins.</summary>
internal sealed class SqliteCustomFieldStore(SqliteConnectionFactory connections) : ICustomFieldStore
{
    public async Task<IReadOnlyList<CustomFieldDefinition>> ListAsync(string orgId, RecordModule module, CancellationToken ct)
    {
        const string sql = $"SELECT {CustomFieldRow.Columns} FROM custom_fields WHERE org_id = @orgId AND module = @module ORDER BY name;";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        IEnumerable<CustomFieldRow> rows = await db.QueryAsync<CustomFieldRow>(
            new CommandDefinition(sql, new { orgId, module = (long)module }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    }

    public async Task DefineAsync(CustomFieldDefinition definition, CancellationToken ct)
    {
        // DO NOTHING, not OR IGNORE: only the name clash is ignored, a missing organisation still fails.
        const string sql = """
            INSERT INTO custom_fields (org_id, module, name, type, created_at)
            VALUES (@OrgId, @Module, @Name, @Type, @CreatedAt)
            ON CONFLICT (org_id, module, name) DO NOTHING;
            """;
        await using SqliteConnection db = await connections.OpenAsync(ct);
        await db.ExecuteAsync(new CommandDefinition(sql, CustomFieldRow.From(definition), cancellationToken: ct));
    }
}
