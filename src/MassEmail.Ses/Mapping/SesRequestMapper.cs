using MassEmail.Core.Sending.Transport;
using MassEmail.Ses.Api.Model;

namespace MassEmail.Ses.Mapping;

/// <summary>Turns one rendered message into an SES v2 SendEmail request with Simple content.</summary>
internal static class SesRequestMapper
{
    public static SendEmailRequest Map(OutgoingMessage message, string? configurationSetName)
    {
        var content = new SesSimpleMessage(
            new SesContent(message.Subject),
            // SES wants at least one part and refuses an empty one, so an empty part is left out.
            new SesBody(Text: PartOrNull(message.TextBody), Html: PartOrNull(message.HtmlBody)),
            message.Headers.Count == 0 ? null : message.Headers.Select(h => new SesMessageHeader(h.Name, h.Value)).ToArray());

        return new SendEmailRequest(
            FromEmailAddress: MailboxFormatter.Format(message.From),
            Destination: new SesDestination([MailboxFormatter.FormatAddress(message.To)]),
            ReplyToAddresses: message.ReplyTo.Count == 0 ? null : message.ReplyTo.Select(MailboxFormatter.FormatAddress).ToArray(),
            Content: new SesEmailContent(content),
            EmailTags: SesTagSanitizer.ToTags(message.Tags),
            ConfigurationSetName: string.IsNullOrEmpty(configurationSetName) ? null : configurationSetName);
    }

    private static SesContent? PartOrNull(string? data) => string.IsNullOrEmpty(data) ? null : new SesContent(data);
}
