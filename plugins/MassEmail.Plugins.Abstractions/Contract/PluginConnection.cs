namespace MassEmail.Plugins.Abstractions;

/// <summary>One organisation's connection to a vendor account.</summary>
/// <param name="Id">The connection's id (also the key of its shared access token and of its windows).</param>
/// <param name="Vendor">The plugin's <see cref="ICampaignToolPlugin.Vendor"/>.</param>
/// <param name="DataCentre">The vendor's data centre (Zoho: <c>com</c>, <c>eu</c>, <c>in</c>, <c>com.au</c>, <c>jp</c>,
/// <c>com.cn</c>, <c>ca</c>, <c>sa</c>; Mailchimp: the key's suffix such as <c>us6</c>).</param>
/// <param name="Credentials">Secrets: never logged, never returned by the API.</param>
public sealed record PluginConnection(string Id, string Vendor, string DataCentre, PluginCredentials Credentials);
