using System.Text.Json.Serialization;

namespace MassEmail.Plugins.Mailchimp.Api;

/// <summary>One member of a batch. <c>status</c> is never <c>pending</c> here: a re-opt-in mail is sent only on explicit request.</summary>
internal sealed record MailchimpBatchMember(
    [property: JsonPropertyName("email_address")] string EmailAddress,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("merge_fields"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? MergeFields);
