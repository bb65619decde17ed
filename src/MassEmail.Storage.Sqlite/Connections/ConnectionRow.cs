using MassEmail.Core.Connections;

namespace MassEmail.Storage.Sqlite.Connections;

/// <summary>A <c>plugin_connections</c> row, as Dapper reads and writes it; credential names joined by newlines.</summary>
internal sealed class ConnectionRow
{
    public const string Columns =
        "org_id AS OrgId, id AS Id, vendor AS Vendor, name AS Name, name_key AS NameKey, data_centre AS DataCentre, "
        + "protected_credentials AS ProtectedCredentials, credential_names AS CredentialNames, created_by AS CreatedBy, "
        + "created_at AS CreatedAt, version AS Version";

    public string OrgId { get; set; } = "";
    public string Id { get; set; } = "";
    public string Vendor { get; set; } = "";
    public string Name { get; set; } = "";
    public string NameKey { get; set; } = "";
    public string DataCentre { get; set; } = "";
    public string ProtectedCredentials { get; set; } = "";
    public string CredentialNames { get; set; } = "";
    public string CreatedBy { get; set; } = "";
    public long CreatedAt { get; set; }
    public long Version { get; set; }

    public static ConnectionRow From(Connection c) => new()
    {
        OrgId = c.OrgId,
        Id = c.Id,
        Vendor = c.Vendor,
        Name = c.Name,
        NameKey = c.NameKey,
        DataCentre = c.DataCentre,
        ProtectedCredentials = c.ProtectedCredentials,
        CredentialNames = string.Join('\n', c.CredentialNames),
        CreatedBy = c.CreatedByUserId,
        CreatedAt = UnixMilliseconds.From(c.CreatedAt),
        Version = c.Version,
    };

    public Connection ToDomain() => new(Id, OrgId, Vendor, Name, DataCentre, ProtectedCredentials,
        CredentialNames.Length == 0 ? [] : CredentialNames.Split('\n'), CreatedBy, UnixMilliseconds.ToTime(CreatedAt), Version);
}
