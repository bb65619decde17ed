using Dapper;
using MassEmail.Core.Errors;
using MassEmail.Core.Tenancy;
using MassEmail.Storage.Sqlite.Rows;
using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Sqlite.Tenancy;

/// <summary>The <c>organisations</c> table; its primary key is the organisation id.</summary>
internal sealed class SqliteOrganisationStore(SqliteConnectionFactory connections) : IOrganisationStore
{
    public async Task CreateAsync(Organisation organisation, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO organisations (org_id, name, edition, email, street, city, region, postal_code, country,
                                       bulk_daily_limit_override, created_at)
            VALUES (@OrgId, @Name, @Edition, @Email, @Street, @City, @Region, @PostalCode, @Country,
                    @BulkDailyLimitOverride, @CreatedAt);
            """;
        await using SqliteConnection db = await connections.OpenAsync(ct);
        try
        {
            await db.ExecuteAsync(new CommandDefinition(sql, OrganisationRow.From(organisation), cancellationToken: ct));
        }
        catch (SqliteException e) when (SqliteErrors.IsPrimaryKeyViolation(e))
        {
            throw new AlreadyExistsException("organisation", "id", organisation.Id);
        }
    }

    public async Task<Organisation?> GetAsync(string orgId, CancellationToken ct)
    {
        const string sql = $"SELECT {OrganisationRow.Columns} FROM organisations WHERE org_id = @orgId;";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        OrganisationRow? row = await db.QuerySingleOrDefaultAsync<OrganisationRow>(new CommandDefinition(sql, new { orgId }, cancellationToken: ct));
        return row?.ToDomain();
    }

    public async Task<bool> UpdateProfileAsync(string orgId, string name, string email, PostalAddress postalAddress, CancellationToken ct)
    {
        const string sql = """
            UPDATE organisations
            SET name = @name, email = @email, street = @Street, city = @City, region = @Region,
                postal_code = @PostalCode, country = @Country
            WHERE org_id = @orgId;
            """;
        await using SqliteConnection db = await connections.OpenAsync(ct);
        var changed = await db.ExecuteAsync(new CommandDefinition(
            sql,
            new
            {
                orgId,
                name,
                email,
                postalAddress.Street,
                postalAddress.City,
                postalAddress.Region,
                postalAddress.PostalCode,
                postalAddress.Country,
            },
            cancellationToken: ct));
        return changed > 0;
    }

    public async Task<bool> AnyAsync(CancellationToken ct)
    {
        await using SqliteConnection db = await connections.OpenAsync(ct);
        return await db.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM organisations);", cancellationToken: ct));
    }
}
