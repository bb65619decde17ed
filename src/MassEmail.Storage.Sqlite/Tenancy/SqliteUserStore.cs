using Dapper;
using MassEmail.Core.Errors;
using MassEmail.Core.Tenancy;
using MassEmail.Storage.Sqlite.Rows;
using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Sqlite.Tenancy;

/// <summary>The <c>users</c> table; email is unique per organisation through <c>email_key</c>.</summary>
internal sealed class SqliteUserStore(SqliteConnectionFactory connections) : IUserStore
{
    public async Task CreateAsync(User user, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO users (org_id, id, email, email_key, first_name, last_name, active, created_at)
            VALUES (@OrgId, @Id, @Email, @EmailKey, @FirstName, @LastName, @Active, @CreatedAt);
            """;
        await using SqliteConnection db = await connections.OpenAsync(ct);
        try
        {
            await db.ExecuteAsync(new CommandDefinition(sql, UserRow.From(user), cancellationToken: ct));
        }
        catch (SqliteException e) when (SqliteErrors.IsUniqueIndexViolation(e))
        {
            throw new AlreadyExistsException("user", "email", user.Email);
        }
        catch (SqliteException e) when (SqliteErrors.IsPrimaryKeyViolation(e))
        {
            throw new AlreadyExistsException("user", "id", user.Id);
        }
    }

    public async Task<User?> GetAsync(string orgId, string userId, CancellationToken ct)
    {
        const string sql = $"SELECT {UserRow.Columns} FROM users WHERE org_id = @orgId AND id = @userId;";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        UserRow? row = await db.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(sql, new { orgId, userId }, cancellationToken: ct));
        return row?.ToDomain();
    }

    public async Task<IReadOnlyList<User>> ListAsync(string orgId, CancellationToken ct)
    {
        const string sql = $"SELECT {UserRow.Columns} FROM users WHERE org_id = @orgId ORDER BY email_key, id;";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        IEnumerable<UserRow> rows = await db.QueryAsync<UserRow>(new CommandDefinition(sql, new { orgId }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    }

    public async Task<AdminWriteOutcome> DeactivateAsync(string orgId, string userId, CancellationToken ct)
    {
        // The user is the last admin access when some of it is theirs and none is anybody else's.
        const string check = $"""
            SELECT EXISTS (SELECT 1 FROM users WHERE org_id = @orgId AND id = @userId),
                   EXISTS ({AdminAccessSql.Rows} AND u.id = @userId) AND NOT EXISTS ({AdminAccessSql.Rows} AND u.id <> @userId);
            """;
        const string deactivate = "UPDATE users SET active = 0 WHERE org_id = @orgId AND id = @userId;";
        return await AdminAccessSql.WriteUnlessLastAsync(connections, check, deactivate, new { orgId, userId }, ct);
    }

    public async Task<bool> SetActiveAsync(string orgId, string userId, bool active, CancellationToken ct)
    {
        const string sql = "UPDATE users SET active = @active WHERE org_id = @orgId AND id = @userId;";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        var changed = await db.ExecuteAsync(new CommandDefinition(sql, new { orgId, userId, active = active ? 1 : 0 }, cancellationToken: ct));
        return changed > 0;
    }
}
