namespace MassEmail.Ses.Api.Model;

/// <summary>Body of SES v2 <c>SendEmail</c> (POST /v2/email/outbound-emails). Only what the service uses.</summary>
/// <param name="FromEmailAddress">An RFC 5322 mailbox, e.g. <c>"Name" &lt;a@b.c&gt;</c>.</param>
internal sealed record SendEmailRequest(
    string FromEmailAddress,
    SesDestination Destination,
    IReadOnlyList<string>? ReplyToAddresses,
    SesEmailContent Content,
    IReadOnlyList<SesMessageTag>? EmailTags,
    string? ConfigurationSetName);
