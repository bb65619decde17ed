using System.Text;
using System.Text.Json;
using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Recipients.Lists;
using MassEmail.Storage.Sqlite.Recipients.Criteria;

namespace MassEmail.Storage.Sqlite.Recipients;

/// <summary>
/// The SQL of an <see cref="AudienceQuery"/>: a CTE <c>audience</c> with each record's first skip reason
/// short of Duplicate, which needs the whole audience and is decided by the queries built on it.
/// </summary>
internal static class AudienceSql
{
    /// <summary>Counts per reason. Duplicates: the eligible rows minus one per distinct address among them.</summary>
    public static (string Sql, SqlParameterBag Parameters) Counts(AudienceQuery query)
    {
        (StringBuilder sql, SqlParameterBag bag) = Audience(query);
        sql.Append($"""

            SELECT count(*) AS Total,
                   ifnull(sum(email_status = {(int)EmailStatus.Valid}), 0) AS ValidEmail,
                   ifnull(sum(skip = {(int)SkipReason.NoEmail}), 0) AS NoEmail,
                   ifnull(sum(skip = {(int)SkipReason.InvalidEmail}), 0) AS InvalidEmail,
                   ifnull(sum(skip = {(int)SkipReason.OptedOut}), 0) AS OptedOut,
                   ifnull(sum(skip = {(int)SkipReason.UnsubscribedFromList}), 0) AS UnsubscribedFromList,
                   ifnull(sum(skip = 0), 0) - count(DISTINCT CASE WHEN skip = 0 THEN email_key END) AS Duplicate
            FROM audience;
            """);
        return (sql.ToString(), bag);
    }

    /// <summary>The records not skipped for a reason other than duplication: one pass, nothing sorted.</summary>
    public static (string Sql, SqlParameterBag Parameters) CountBeforeDuplicates(AudienceQuery query)
    {
        (StringBuilder sql, SqlParameterBag bag) = Audience(query);
        sql.Append("\nSELECT ifnull(sum(skip = 0), 0) FROM audience;");
        return (sql.ToString(), bag);
    }

    /// <summary>
    /// The members in id order, the first <paramref name="limit"/> or all; the first of each address among the eligible keeps it.
    /// Its columns are read by position (<see cref="Rows.AudienceMemberRow.Read"/>): keep their order.
    /// </summary>
    /// <remarks>
    /// The rows stream in primary-key order, never sorted (a window function here sorted the whole audience, every
    /// column, twice), and the first row comes at once: a row is a duplicate when an eligible member of the audience
    /// with a smaller id has its address, which one search of the records' email index answers (<see cref="Eligible"/>).
    /// Grouping the audience's addresses first cost a pass over the whole audience, ~1 s for a million records,
    /// before the first row. One statement is one snapshot, so the duplicates are those of the rows streamed, and
    /// stopping early leaves nothing behind on the pooled connection. The search names its index: with <c>d.id &lt;</c> in
    /// the condition, a planner without statistics may walk the records' key range instead, a scan per row.
    /// </remarks>
    public static (string Sql, SqlParameterBag Parameters) Members(AudienceQuery query, int? limit)
    {
        (StringBuilder sql, SqlParameterBag bag) = Audience(query);
        sql.Append($"""

            SELECT id AS Id, external_id AS ExternalId, first_name AS FirstName, last_name AS LastName, email AS Email,
                   email_normalized AS EmailNormalized, owner_user_id AS OwnerUserId, email_invalid_reason AS EmailInvalidReason,
                   CASE WHEN skip = 0 AND EXISTS (
                            SELECT 1 FROM records d INDEXED BY ix_records_email
                            WHERE d.org_id = @orgId AND d.module = @module AND d.email_key = audience.email_key AND d.id < audience.id
                              AND {Eligible(query, bag, "d")})
                        THEN {(int)SkipReason.Duplicate} ELSE skip END AS Skip
            FROM audience
            ORDER BY id
            """);
        if (limit is not null)
        {
            bag.Set("@limit", limit.Value);
            sql.Append(" LIMIT @limit");
        }

        sql.Append(';');
        return (sql.ToString(), bag);
    }

    /// <summary>
    /// The condition that a record of <paramref name="alias"/> (of the query's organisation and module) is a member of
    /// the audience not skipped for a reason short of Duplicate: what <c>skip = 0</c> means in <see cref="Audience"/>.
    /// </summary>
    private static string Eligible(AudienceQuery query, SqlParameterBag bag, string alias)
    {
        var sql = new StringBuilder($"{alias}.email_status NOT IN ({(int)EmailStatus.Missing}, {(int)EmailStatus.Invalid}) AND {alias}.email_opt_out = 0");
        if (query.ListId is not null)
        {
            // A static list's members are its rows, subscribed; a dynamic list's are the filter's, less the unsubscribed.
            sql.Append(query.ListIsStatic
                ? $" AND EXISTS (SELECT 1 FROM list_subscriptions {alias}s WHERE {alias}s.org_id = @orgId AND {alias}s.list_id = @listId AND {alias}s.record_id = {alias}.id AND {alias}s.state <> {(int)SubscriptionState.Unsubscribed})"
                : $" AND NOT EXISTS (SELECT 1 FROM list_subscriptions {alias}s WHERE {alias}s.org_id = @orgId AND {alias}s.list_id = @listId AND {alias}s.record_id = {alias}.id AND {alias}s.state = {(int)SubscriptionState.Unsubscribed})");
        }

        if (query.RecordIds is not null)
        {
            sql.Append($" AND {alias}.id IN (SELECT value FROM json_each(@recordIds))");
        }

        if (query.Filter is not null)
        {
            sql.Append(" AND ").Append(new FilterSql(bag, "@orgId").Translate(query.Filter, alias));
        }

        return sql.ToString();
    }

    private static (StringBuilder Sql, SqlParameterBag Parameters) Audience(AudienceQuery query)
    {
        var bag = new SqlParameterBag();
        bag.Set("@orgId", query.OrgId);
        bag.Set("@module", (long)query.Module);
        var list = query.ListId is not null;

        // A static list's rows select the records. They are read from the list, whose key is in record id order, so
        // a list costs a record lookup per member, not a list probe per record of the module; CROSS JOIN keeps the
        // planner, which has no statistics to tell which side is smaller, from starting at the records. The id is
        // then named from the list's key, or SQLite does not see that ORDER BY id needs no sort.
        var fromList = list && query.ListIsStatic;

        // NOT MATERIALIZED: Counts and Members read it once, in key order; SQLite must not copy it into a temp table first.
        // The skip CASE below has a mirror in Eligible (skip = 0, for the duplicate lookup): a skip reason added here
        // is added there too.
        var sql = new StringBuilder($"""
            WITH audience AS NOT MATERIALIZED (
                SELECT {(fromList ? "s.record_id" : "r.id")} AS id, r.external_id, r.first_name, r.last_name, r.email,
                       r.email_normalized, r.owner_user_id, r.email_key, r.email_status, r.email_invalid_reason,
                       CASE WHEN r.email_status = {(int)EmailStatus.Missing} THEN {(int)SkipReason.NoEmail}
                            WHEN r.email_status = {(int)EmailStatus.Invalid} THEN {(int)SkipReason.InvalidEmail}
                            WHEN r.email_opt_out <> 0 THEN {(int)SkipReason.OptedOut}
                            {(list ? $"WHEN s.state = {(int)SubscriptionState.Unsubscribed} THEN {(int)SkipReason.UnsubscribedFromList}" : "")}
                            ELSE 0 END AS skip

            """);
        if (!list)
        {
            sql.Append("    FROM records r\n    WHERE r.org_id = @orgId AND r.module = @module");
        }
        else if (fromList)
        {
            bag.Set("@listId", query.ListId);
            sql.Append("    FROM list_subscriptions s CROSS JOIN records r ON r.org_id = s.org_id AND r.id = s.record_id\n")
                .Append("    WHERE s.org_id = @orgId AND s.list_id = @listId AND r.org_id = @orgId AND r.module = @module");
        }
        else
        {
            // A dynamic list only marks unsubscriptions.
            bag.Set("@listId", query.ListId);
            sql.Append("    FROM records r LEFT JOIN list_subscriptions s ON s.org_id = r.org_id AND s.list_id = @listId AND s.record_id = r.id\n")
                .Append("    WHERE r.org_id = @orgId AND r.module = @module");
        }

        if (query.RecordIds is not null)
        {
            // One JSON array parameter, however many ids: SQLite caps the number of parameters.
            bag.Set("@recordIds", JsonSerializer.Serialize(query.RecordIds));
            sql.Append(" AND r.id IN (SELECT value FROM json_each(@recordIds))");
        }

        if (query.Filter is not null)
        {
            sql.Append(" AND ").Append(new FilterSql(bag, "@orgId").Translate(query.Filter));
        }

        sql.Append("\n)");
        return (sql, bag);
    }
}
