using MassEmail.Core.Tenancy;

namespace MassEmail.Storage.Sqlite.Rows;

/// <summary>An <c>organisations</c> row, as Dapper reads and writes it.</summary>
internal sealed class OrganisationRow
{
    public const string Columns =
        "org_id AS OrgId, name AS Name, edition AS Edition, email AS Email, street AS Street, city AS City, "
        + "region AS Region, postal_code AS PostalCode, country AS Country, "
        + "bulk_daily_limit_override AS BulkDailyLimitOverride, created_at AS CreatedAt";

    public string OrgId { get; set; } = "";
    public string Name { get; set; } = "";
    public long Edition { get; set; }
    public string Email { get; set; } = "";
    public string Street { get; set; } = "";
    public string City { get; set; } = "";
    public string Region { get; set; } = "";
    public string PostalCode { get; set; } = "";
    public string Country { get; set; } = "";
    public long? BulkDailyLimitOverride { get; set; }
    public long CreatedAt { get; set; }

    public static OrganisationRow From(Organisation o) => new()
    {
        OrgId = o.Id,
        Name = o.Name,
        Edition = (long)o.Edition,
        Email = o.Email,
        Street = o.PostalAddress.Street,
        City = o.PostalAddress.City,
        Region = o.PostalAddress.Region,
        PostalCode = o.PostalAddress.PostalCode,
        Country = o.PostalAddress.Country,
        BulkDailyLimitOverride = o.BulkDailyLimitOverride,
        CreatedAt = UnixMilliseconds.From(o.CreatedAt),
    };

    public Organisation ToDomain() => new(
        OrgId,
        Name,
        (Edition)Edition,
        Email,
        new PostalAddress(Street, City, Region, PostalCode, Country),
        (int?)BulkDailyLimitOverride,
        UnixMilliseconds.ToTime(CreatedAt));
}
