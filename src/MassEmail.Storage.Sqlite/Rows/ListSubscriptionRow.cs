using MassEmail.Core.Recipients.Lists;

namespace MassEmail.Storage.Sqlite.Rows;

/// <summary>A <c>list_subscriptions</c> row, as Dapper reads and writes it.</summary>
internal sealed class ListSubscriptionRow
{
    public const string Columns = "org_id AS OrgId, list_id AS ListId, record_id AS RecordId, state AS State, source AS Source, at AS At";

    public string OrgId { get; set; } = "";
    public string ListId { get; set; } = "";
    public string RecordId { get; set; } = "";
    public long State { get; set; }
    public string Source { get; set; } = "";
    public long At { get; set; }

    public static ListSubscriptionRow From(ListSubscription s) => new()
    {
        OrgId = s.OrgId,
        ListId = s.ListId,
        RecordId = s.RecordId,
        State = (long)s.State,
        Source = s.Source,
        At = UnixMilliseconds.From(s.At),
    };

    public ListSubscription ToDomain() => new(OrgId, ListId, RecordId, (SubscriptionState)State, Source, UnixMilliseconds.ToTime(At));
}
