using System.Text.Json.Serialization;

namespace MassEmail.Plugins.Mailchimp.Api;

/// <summary><c>GET /3.0/lists/{id}/members</c>.</summary>
internal sealed class MailchimpMembersResponse
{
    [JsonPropertyName("members")]
    public List<MailchimpMember>? Members { get; set; }
}
