namespace MassEmail.Plugins.Abstractions;

/// <summary>A connection to create: the plugin's vendor name, a name, the data centre and the credentials by name.</summary>
public sealed record ConnectionDraft(string Vendor, string Name, string DataCentre, IReadOnlyDictionary<string, string> Credentials)
{
    /// <summary>Never prints the credentials.</summary>
    public override string ToString() => $"ConnectionDraft {{ Vendor = {Vendor}, Name = {Name}, DataCentre = {DataCentre} }}";
}
