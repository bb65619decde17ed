using Dapper;
using MassEmail.Core.Tenancy;

namespace MassEmail.Storage.Sqlite.Tenancy;

/// <summary>
/// The writes that may take away an organisation's last <em>admin access</em> (an active user holding an
/// unrevoked key with the org-admin permission). Check and write run in one IMMEDIATE transaction, so no
/// other writer, of this process or another, comes in between: of two calls taking away the last two ways
/// in, the second sees the first's write and is refused.
/// </summary>
internal static class AdminAccessSql
{
    /// <summary>
    /// The admin access of <c>@orgId</c>, as rows of <c>api_keys k JOIN users u</c>; callers add conditions.
    /// <c>@orgAdmin</c> is bound by <see cref="WriteUnlessLastAsync"/>.
    /// </summary>
    public const string Rows = """
        SELECT 1 FROM api_keys k JOIN users u ON u.org_id = k.org_id AND u.id = k.user_id
        WHERE k.org_id = @orgId AND k.revoked_at IS NULL AND (k.permissions & @orgAdmin) <> 0 AND u.active = 1
        """;

    /// <summary>
    /// Runs <paramref name="change"/> unless <paramref name="check"/> (one row: whether the target exists,
    /// whether it holds the last admin access) refuses it.
    /// </summary>
    public static async Task<AdminWriteOutcome> WriteUnlessLastAsync(
        SqliteConnectionFactory connections, string check, string change, object parameters, CancellationToken ct)
    {
        var bound = new DynamicParameters(parameters);
        bound.Add("orgAdmin", (long)Permission.OrgAdmin);
        await using SqliteWrite write = await connections.BeginWriteAsync(ct);
        var (exists, isLast) = await write.Db.QuerySingleAsync<(long, long)>(new CommandDefinition(check, bound, write.Tx, cancellationToken: ct));
        if (exists == 0 || isLast != 0)
        {
            return exists == 0 ? AdminWriteOutcome.NotFound : AdminWriteOutcome.LastAdminAccess;
        }

        await write.Db.ExecuteAsync(new CommandDefinition(change, bound, write.Tx, cancellationToken: ct));
        await write.CommitAsync(ct);
        return AdminWriteOutcome.Done;
    }
}
