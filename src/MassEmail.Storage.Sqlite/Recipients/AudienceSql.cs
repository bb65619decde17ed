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

    /// <summary>The members in id order, the first <paramref name="limit"/> or all; the first of each address among the eligible keeps it.</summary>
    /// <remarks>
    /// The rows stream in primary-key order, never sorted (a window function here sorted the whole audience, every
    /// column, twice). Only the addresses held by more than one eligible record are grouped, each with its smallest
    /// id, into <c>duplicates</c>: built once, before the first row, in SQLite's temp store, so memory stays flat.
    /// Each IN builds a transient index on it, so a row costs a lookup, never a scan of it; and since ids are unique
    /// in the audience, an id that is some address's first id is its own address's. (A LEFT JOIN on it would leave
    /// the index to the planner's cost estimate.) One statement is one snapshot, so the duplicates are those of the
    /// rows streamed, and stopping early leaves nothing behind on the pooled connection.
    /// </remarks>
    public static (string Sql, SqlParameterBag Parameters) Members(AudienceQuery query, int? limit)
    {
        (StringBuilder sql, SqlParameterBag bag) = Audience(query);
        sql.Append($"""
            ,
            duplicates AS MATERIALIZED (
                SELECT email_key, min(id) AS first_id FROM audience WHERE skip = 0 GROUP BY email_key HAVING count(*) > 1
            )
            SELECT id AS Id, external_id AS ExternalId, first_name AS FirstName, last_name AS LastName, email AS Email,
                   email_normalized AS EmailNormalized, owner_user_id AS OwnerUserId, email_invalid_reason AS EmailInvalidReason,
                   CASE WHEN skip = 0 AND email_key IN (SELECT email_key FROM duplicates) AND id NOT IN (SELECT first_id FROM duplicates)
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

        // NOT MATERIALIZED: Members reads the CTE twice, and SQLite would otherwise copy all of it into a temp table.
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
