using Google.Protobuf.WellKnownTypes;
using MassEmail.Core.Connections;
using MassEmail.Core.Errors;
using MassEmail.Plugins.Abstractions;
using MassEmail.Plugins.Mailchimp;
using MassEmail.Plugins.ZohoCampaigns;
using V1 = MassEmail.Contracts.V1;

namespace MassEmail.Server.Grpc.Plugins;

/// <summary>Connections between the contract and the plugins: vendor enum ↔ plugin name, credentials message ↔ names.</summary>
internal static class PluginMapping
{
    public static string? VendorName(V1.PluginVendor vendor) => vendor switch
    {
        V1.PluginVendor.ZohoCampaigns => ZohoCampaignsPlugin.VendorName,
        V1.PluginVendor.Mailchimp => MailchimpPlugin.VendorName,
        _ => null,
    };

    /// <summary>The request as a draft; shape errors (vendor, credentials of the other vendor) on <paramref name="check"/>.</summary>
    public static ConnectionDraft ToDraft(V1.CreateConnectionRequest request, RequestCheck check)
    {
        var connection = request.Connection;
        var vendor = VendorName(connection.Vendor);
        if (vendor is null)
        {
            check.Violation("connection.vendor", "must be PLUGIN_VENDOR_ZOHO_CAMPAIGNS or PLUGIN_VENDOR_MAILCHIMP");
        }

        var credentials = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (request.CredentialsCase)
        {
            case V1.CreateConnectionRequest.CredentialsOneofCase.ZohoCampaigns when connection.Vendor == V1.PluginVendor.ZohoCampaigns:
                var zoho = request.ZohoCampaigns;
                Add(credentials, "client_id", zoho.ClientId);
                Add(credentials, "client_secret", zoho.ClientSecret);
                Add(credentials, "refresh_token", zoho.RefreshToken);
                Add(credentials, "webhook_secret", zoho.WebhookSecret);
                Add(credentials, "webhook_user", zoho.WebhookUser);
                Add(credentials, "webhook_password", zoho.WebhookPassword);
                break;
            case V1.CreateConnectionRequest.CredentialsOneofCase.Mailchimp when connection.Vendor == V1.PluginVendor.Mailchimp:
                Add(credentials, "api_key", request.Mailchimp.ApiKey);
                Add(credentials, "webhook_secret", request.Mailchimp.WebhookSecret);
                break;
            case V1.CreateConnectionRequest.CredentialsOneofCase.None:
                check.Violation(CredentialsField(connection.Vendor), "is required");
                break;
            default:
                if (vendor is not null)
                {
                    check.Violation(CredentialsField(connection.Vendor), "is required: the credentials given are another vendor's");
                }

                break;
        }

        return new ConnectionDraft(vendor ?? "", connection.Name, connection.DataCentre, credentials);
    }

    /// <summary>Core's and the plugin's field names (<c>name</c>, <c>credentials.client_id</c>) as the request's paths.</summary>
    public static ValidationException ToRequestPaths(ValidationException e, V1.PluginVendor vendor) => new(
        [.. e.Violations.Select(v => v with
        {
            Field = v.Field.StartsWith("credentials.", StringComparison.Ordinal)
                ? CredentialsField(vendor) + v.Field["credentials".Length..]
                : "connection." + v.Field,
        })]);

    public static V1.PluginConnection ToMessage(this Connection c, string publicBaseUrl) => new()
    {
        WebhookUrl = c.CredentialNames.Contains("webhook_secret")
            ? Http.Webhooks.WebhookEndpoints.UrlOf(publicBaseUrl, c.Id, withSecret: true)
            : c.CredentialNames.Contains("webhook_user") && c.CredentialNames.Contains("webhook_password")
                ? Http.Webhooks.WebhookEndpoints.UrlOf(publicBaseUrl, c.Id, withSecret: false)
                : "",
        Id = c.Id,
        Vendor = c.Vendor switch
        {
            ZohoCampaignsPlugin.VendorName => V1.PluginVendor.ZohoCampaigns,
            MailchimpPlugin.VendorName => V1.PluginVendor.Mailchimp,
            _ => V1.PluginVendor.Unspecified,
        },
        Name = c.Name,
        DataCentre = c.DataCentre,
        CredentialNames = { c.CredentialNames },
        CreatedByUserId = c.CreatedByUserId,
        CreateTime = Timestamp.FromDateTimeOffset(c.CreatedAt),
        Version = c.Version,
    };

    public static V1.RemoteList ToMessage(this RemoteList l)
    {
        var message = new V1.RemoteList { Id = l.Id, Name = l.Name };
        if (l.MemberCount is { } count)
        {
            message.MemberCount = count;
        }

        return message;
    }

    private static string CredentialsField(V1.PluginVendor vendor) => vendor == V1.PluginVendor.Mailchimp ? "mailchimp" : "zoho_campaigns";

    private static void Add(Dictionary<string, string> credentials, string name, string value)
    {
        if (value.Length > 0)
        {
            credentials[name] = value;
        }
    }
}
