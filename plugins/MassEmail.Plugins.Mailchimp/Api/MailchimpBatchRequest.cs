using System.Text.Json.Serialization;

namespace MassEmail.Plugins.Mailchimp.Api;

/// <summary>The body of <c>POST /3.0/lists/{id}</c>: at most 500 members.</summary>
internal sealed record MailchimpBatchRequest(
    [property: JsonPropertyName("members")] IReadOnlyList<MailchimpBatchMember> Members,
    [property: JsonPropertyName("update_existing")] bool UpdateExisting);
