namespace MassEmail.Core.Tenancy;

/// <summary>A postal address; bulk mail must carry the sender's.</summary>
public sealed record PostalAddress(string Street, string City, string Region, string PostalCode, string Country)
{
    public static readonly PostalAddress Empty = new("", "", "", "", "");

    /// <summary>One line for merge fields and mail footers, skipping empty parts.</summary>
    public override string ToString() =>
        string.Join(", ", new[] { Street.Replace('\n', ' '), City, Region, PostalCode, Country }.Where(p => p.Length > 0));
}
