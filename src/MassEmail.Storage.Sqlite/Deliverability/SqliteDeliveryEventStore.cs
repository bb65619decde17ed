using Dapper;
using MassEmail.Core.Deliverability;
using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Sqlite.Deliverability;

/// <summary>The <c>delivery_events</c> table, keyed by (org_id, send_id, event_id, email_key); a batch is one transaction.</summary>
internal sealed class SqliteDeliveryEventStore(SqliteConnectionFactory connections) : IDeliveryEventStore
{
    private const string Columns =
        "org_id AS OrgId, send_id AS SendId, event_id AS EventId, email_key AS EmailKey, provider_message_id AS ProviderMessageId, "
        + "kind AS Kind, bounce AS Bounce, sub_type AS SubType, at AS At";

    public async Task RecordAsync(IReadOnlyList<DeliveryEvent> events, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO delivery_events (org_id, send_id, event_id, email_key, provider_message_id, kind, bounce, sub_type, at)
            VALUES (@OrgId, @SendId, @EventId, @EmailKey, @ProviderMessageId, @Kind, @Bounce, @SubType, @At)
            ON CONFLICT DO NOTHING;
            """;
        if (events.Count == 0)
        {
            return;
        }

        await using SqliteWrite write = await connections.BeginWriteAsync(ct);
        await write.Db.ExecuteAsync(new CommandDefinition(sql, events.Select(Row.From), write.Tx, cancellationToken: ct));
        await write.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<DeliveryEvent>> ListAsync(string orgId, string sendId, CancellationToken ct)
    {
        await using SqliteConnection db = await connections.OpenAsync(ct);
        var rows = await db.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM delivery_events WHERE org_id = @orgId AND send_id = @sendId ORDER BY event_id, email_key;",
            new { orgId, sendId },
            cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    }

    public async Task<EngagementCounts> CountAsync(string orgId, string sendId, CancellationToken ct)
    {
        const string sql = """
            SELECT ifnull(sum(kind = 'Delivery'), 0) AS Delivered,
                   ifnull(sum(kind = 'Bounce' AND bounce = @permanent AND sub_type NOT IN ('Suppressed', 'OnAccountSuppressionList')), 0) AS BouncedPermanent,
                   ifnull(sum(kind = 'Bounce' AND bounce <> @permanent), 0) AS BouncedTransient,
                   ifnull(sum(kind = 'Complaint'), 0) AS Complained,
                   ifnull(sum(kind = 'Open'), 0) AS Opened,
                   count(DISTINCT CASE WHEN kind = 'Open' THEN email_key END) AS OpenedUnique,
                   ifnull(sum(kind = 'Click'), 0) AS Clicked,
                   count(DISTINCT CASE WHEN kind = 'Click' THEN email_key END) AS ClickedUnique,
                   count(DISTINCT CASE WHEN kind = @unsubscribe THEN email_key END) AS Unsubscribed
            FROM delivery_events WHERE org_id = @orgId AND send_id = @sendId;
            """;
        await using SqliteConnection db = await connections.OpenAsync(ct);
        return await db.QuerySingleAsync<EngagementCounts>(new CommandDefinition(
            sql, new { orgId, sendId, permanent = (long)BounceType.Permanent, unsubscribe = DeliveryEvent.UnsubscribeKind }, cancellationToken: ct));
    }

    private sealed class Row
    {
        public string OrgId { get; set; } = "";

        public string SendId { get; set; } = "";

        public string EventId { get; set; } = "";

        public string EmailKey { get; set; } = "";

        public string ProviderMessageId { get; set; } = "";

        public string Kind { get; set; } = "";

        public long Bounce { get; set; }

        public string SubType { get; set; } = "";

        public long At { get; set; }

        public static Row From(DeliveryEvent e) => new()
        {
            OrgId = e.OrgId,
            SendId = e.SendId,
            EventId = e.EventId,
            EmailKey = e.EmailKey,
            ProviderMessageId = e.ProviderMessageId,
            Kind = e.Kind,
            Bounce = (long)e.Bounce,
            SubType = e.SubType,
            At = UnixMilliseconds.From(e.At),
        };

        public DeliveryEvent ToDomain() =>
            new(OrgId, SendId, EventId, EmailKey, ProviderMessageId, Kind, (BounceType)Bounce, SubType, UnixMilliseconds.ToTime(At));
    }
}
