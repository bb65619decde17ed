using MassEmail.Core.Recipients;
using MassEmail.Core.Sending.Transport;
using MassEmail.Core.Templates;
using MassEmail.Core.Templates.Rendering;
using MassEmail.Core.Tenancy;

namespace MassEmail.Core.Sending;

/// <summary>Builds the message one recipient of a send gets: addresses, merge values, unsubscribe headers, tags.</summary>
public sealed class MessageComposer(UnsubscribeLinks links)
{
    public async Task<OutgoingMessage> ComposeAsync(
        MassSend send, SendContent content, ICompiledTemplate template, RecipientRecord record, User? owner, Organisation org, CancellationToken ct)
    {
        var token = links.Token(send.OrgId, record.Id, send.Id);
        var url = links.Url(token);
        var data = new MergeData(RecordFields(record), owner is null ? MergeData.NoFields : MergeFields.Of(owner), MergeFields.Of(org), url, url);
        var rendered = await template.RenderAsync(data, ct);
        var orgMailbox = new Mailbox(org.Email, org.Name);
        var from = content.From ?? OwnerMailbox(owner) ?? orgMailbox;
        var replyTo = content.ReplyTo ?? OwnerMailbox(owner) ?? orgMailbox;
        return new OutgoingMessage(
            from,
            [replyTo.Address],
            record.EmailNormalized,
            rendered.Subject,
            rendered.HtmlBody,
            rendered.TextBody,
            links.Headers(token),
            new Dictionary<string, string> { ["org"] = send.OrgId, ["send"] = send.Id });
    }

    /// <summary>The merge fields of a record: standard fields and custom fields by name.</summary>
    public static IReadOnlyDictionary<string, object?> RecordFields(RecipientRecord r)
    {
        var fields = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [StandardFields.ExternalId] = r.ExternalId,
            [StandardFields.Name] = r.Name,
            [StandardFields.FirstName] = r.FirstName,
            [StandardFields.LastName] = r.LastName,
            ["full_name"] = $"{r.FirstName} {r.LastName}".Trim(),
            [StandardFields.Email] = r.EmailNormalized,
            [StandardFields.Phone] = r.Phone,
        };
        foreach (var (name, value) in r.Custom)
        {
            fields[name] = value.Type switch
            {
                FieldType.String => value.Text,
                FieldType.Number => value.Number,
                FieldType.Bool => value.Bool,
                FieldType.Date => DateTimeOffset.FromUnixTimeMilliseconds(value.UnixMilliseconds),
                _ => value.List,
            };
        }

        return fields;
    }

    private static Mailbox? OwnerMailbox(User? owner) =>
        owner is { Active: true } ? new Mailbox(owner.Email, $"{owner.FirstName} {owner.LastName}".Trim()) : null;
}
