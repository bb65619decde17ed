namespace MassEmail.Core.Connections;

/// <summary>
/// An organisation's connection to a campaign-tool account (issue 14). Core knows no vendor: <see cref="Vendor"/> and
/// <see cref="DataCentre"/> are the plugin's words, checked by the plugin.
/// </summary>
/// <param name="Vendor">The plugin's vendor name (<c>zoho-campaigns</c>, <c>mailchimp</c>).</param>
/// <param name="DataCentre">The vendor's data centre (Zoho <c>eu</c>, Mailchimp <c>us6</c>).</param>
/// <param name="ProtectedCredentials">The credentials as ciphertext of the <see cref="Secrets.ISecretProtector"/>: never
/// the secrets themselves, which no store and no response ever holds in clear.</param>
/// <param name="CredentialNames">Which credentials are stored (<c>client_id</c>, <c>api_key</c>…): names only, to show.</param>
public sealed record Connection(
    string Id,
    string OrgId,
    string Vendor,
    string Name,
    string DataCentre,
    string ProtectedCredentials,
    IReadOnlyList<string> CredentialNames,
    string CreatedByUserId,
    DateTimeOffset CreatedAt,
    long Version)
{
    public string NameKey => Templates.NameKeys.For(Name);

    /// <summary>Records compare lists by reference; two connections with equal names in equal order are equal.</summary>
    public bool Equals(Connection? other) =>
        other is not null && Id == other.Id && OrgId == other.OrgId && Vendor == other.Vendor && Name == other.Name
        && DataCentre == other.DataCentre && ProtectedCredentials == other.ProtectedCredentials
        && CredentialNames.SequenceEqual(other.CredentialNames) && CreatedByUserId == other.CreatedByUserId
        && CreatedAt == other.CreatedAt && Version == other.Version;

    public override int GetHashCode() => HashCode.Combine(Id, OrgId, Version);

    /// <summary>Never prints the ciphertext either: a log line needs none of it.</summary>
    public override string ToString() => $"Connection {{ Id = {Id}, OrgId = {OrgId}, Vendor = {Vendor}, Name = {Name}, DataCentre = {DataCentre} }}";
}
