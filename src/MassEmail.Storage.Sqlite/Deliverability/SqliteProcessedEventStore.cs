using Dapper;
using MassEmail.Core.Deliverability;
using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Sqlite.Deliverability;

/// <summary>The <c>processed_events</c> table, keyed by the provider's event id.</summary>
internal sealed class SqliteProcessedEventStore(SqliteConnectionFactory connections) : IProcessedEventStore
{
    public async Task<bool> IsProcessedAsync(string eventId, CancellationToken ct)
    {
        await using SqliteConnection db = await connections.OpenAsync(ct);
        return await db.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM processed_events WHERE event_id = @eventId;", new { eventId }, cancellationToken: ct)) > 0;
    }

    public async Task MarkProcessedAsync(string eventId, string kind, DateTimeOffset at, CancellationToken ct)
    {
        await using SqliteConnection db = await connections.OpenAsync(ct);
        await db.ExecuteAsync(new CommandDefinition(
            "INSERT INTO processed_events (event_id, kind, processed_at) VALUES (@eventId, @kind, @at) ON CONFLICT DO NOTHING;",
            new { eventId, kind, at = UnixMilliseconds.From(at) },
            cancellationToken: ct));
    }
}
